import { useEventListener } from '@vueuse/core'
import { onScopeDispose, ref, watch, type Ref } from 'vue'

/**
 * Keeps the window scrolled to the end of growing content while `active`, until the reader scrolls
 * up; `jumpToLive` takes them back and follows again.
 */
export function useFollowScroll(content: Ref<unknown>, active: Ref<boolean>) {
  const following = ref(true)
  let lastY = window.scrollY
  const end = () => document.documentElement.scrollHeight - window.innerHeight

  // Following only ever scrolls down, so going up is the reader's doing (a page that gets shorter
  // only pulls the position to its new end). Coming back down to the end follows again.
  const onScroll = () => {
    const y = window.scrollY
    const last = end()
    if (y < lastY && y < last - 1) following.value = false
    else if (y > lastY && y >= last - 48) following.value = true
    lastY = y
  }
  // A wheel turned up says so before the first step of a smooth scroll has moved anything, so the
  // next chunk cannot pull the reader back down mid-gesture.
  const onWheel = (event: WheelEvent) => {
    if (event.deltaY < 0) following.value = false
  }
  useEventListener(window, 'scroll', onScroll, { passive: true })
  useEventListener(window, 'wheel', onWheel, { passive: true })

  const toBottom = () => {
    window.scrollTo({ top: document.documentElement.scrollHeight })
    lastY = window.scrollY
  }
  // However many chunks arrive in a frame, scroll once, after the view has drawn them, and only if
  // the reader has not scrolled away in the meantime.
  let frame = 0
  watch(content, () => {
    if (active.value && following.value && !frame) {
      frame = requestAnimationFrame(() => {
        frame = 0
        if (following.value) toBottom()
      })
    }
  }, { flush: 'post' })
  onScopeDispose(() => cancelAnimationFrame(frame))

  return {
    following,
    jumpToLive() {
      following.value = true
      toBottom()
    },
  }
}
