import { shallowRef } from 'vue'

/**
 * What a screen reader hears of a stream: a polite live region whose text changes only on the
 * moments that matter (start, each finished section, an error, the end), never on every chunk,
 * and at most once per `minGapMs` so announcements do not cut each other off.
 */
export function useAnnouncer({ minGapMs = 1500 } = {}) {
  const message = shallowRef('')
  let last = 0
  let pending: string | null = null
  let timer: ReturnType<typeof setTimeout> | undefined

  const flush = () => {
    timer = undefined
    if (pending === null) return
    message.value = pending
    pending = null
    last = Date.now()
  }

  return {
    message,
    /** Says `text` now, or once the last announcement has had its time; urgent ones go at once. */
    announce(text: string, { urgent = false } = {}) {
      pending = text
      const wait = urgent ? 0 : last + minGapMs - Date.now()
      clearTimeout(timer)
      if (wait <= 0) flush()
      else timer = setTimeout(flush, wait)
    },
  }
}
