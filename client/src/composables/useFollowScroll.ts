import { onScopeDispose, ref, watch, type Ref } from 'vue'

/**
 * Keeps the window scrolled to the end of growing content while `active`, until the reader scrolls
 * up; `jumpToLive` takes them back and follows again.
 */
export function useFollowScroll(content: Ref<unknown>, active: Ref<boolean>) {
  const following = ref(true)
  let lastY = window.scrollY
  let programmatic = false
  const atBottom = () => window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 48

  const onScroll = () => {
    if (programmatic) {
      programmatic = false
    } else if (window.scrollY < lastY - 4) {
      following.value = false
    } else if (atBottom()) {
      following.value = true
    }
    lastY = window.scrollY
  }
  window.addEventListener('scroll', onScroll, { passive: true })
  onScopeDispose(() => window.removeEventListener('scroll', onScroll))

  const toBottom = () => {
    programmatic = true
    window.scrollTo({ top: document.documentElement.scrollHeight })
    lastY = window.scrollY
  }
  // However many chunks arrive in a frame, scroll once, after the view has drawn them.
  let frame = 0
  watch(content, () => {
    if (active.value && following.value && !frame) {
      frame = requestAnimationFrame(() => {
        frame = 0
        toBottom()
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
