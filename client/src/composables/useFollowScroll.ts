import { useEventListener } from '@vueuse/core'
import { onScopeDispose, ref, watch, type Ref } from 'vue'

/** How close to the end (px) a reader scrolling down must come for the page to follow again. */
const rejoinPx = 48

/**
 * Whether the page still follows the end after the reader scrolled from `lastY` to `y`, the end
 * being at `end`. Following only ever scrolls down, so going up is the reader's doing (a page that
 * gets shorter only pulls the position to its new end); coming back down to the end follows again.
 */
export function followsAfterScroll(following: boolean, { y, lastY, end }: { y: number; lastY: number; end: number }): boolean {
  if (y < lastY && y < end - 1) return false
  if (y > lastY && y >= end - rejoinPx) return true
  return following
}

/**
 * Keeps the window scrolled to the end of growing content while `active`, until the reader scrolls
 * up; `jumpToLive` takes them back and follows again.
 */
export function useFollowScroll(content: Ref<unknown>, active: Ref<boolean>) {
  const following = ref(true)
  let lastY = window.scrollY
  const end = () => document.documentElement.scrollHeight - window.innerHeight

  const onScroll = () => {
    const y = window.scrollY
    following.value = followsAfterScroll(following.value, { y, lastY, end: end() })
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
