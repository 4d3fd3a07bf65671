// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { followsAfterScroll, useFollowScroll } from './useFollowScroll.ts'

describe('following the end of a text being written', () => {
  it('stops when the reader scrolls up, and follows again once they come back down to the end', () => {
    expect(followsAfterScroll(true, { lastY: 900, y: 700, end: 900 })).toBe(false)
    // Down, but far from the end: still reading.
    expect(followsAfterScroll(false, { lastY: 700, y: 800, end: 1200 })).toBe(false)
    expect(followsAfterScroll(false, { lastY: 800, y: 1160, end: 1200 })).toBe(true)
  })

  it('keeps following when the page gets shorter and pulls the position up to its new end', () => {
    expect(followsAfterScroll(true, { lastY: 900, y: 850, end: 850 })).toBe(true)
    expect(followsAfterScroll(true, { lastY: 900, y: 900, end: 2000 })).toBe(true)
  })

  describe('in the page', () => {
    let scope = effectScope()
    afterEach(() => {
      scope.stop()
      vi.restoreAllMocks()
    })
    const frames: FrameRequestCallback[] = []
    const setup = () => {
      scope = effectScope()
      frames.length = 0
      vi.spyOn(window, 'requestAnimationFrame').mockImplementation((callback) => frames.push(callback))
      const scrollTo = vi.spyOn(window, 'scrollTo').mockImplementation(() => {})
      const content = ref('')
      const active = ref(true)
      const follow = scope.run(() => useFollowScroll(content, active))!
      return { content, active, follow, scrollTo }
    }

    it('scrolls down once per frame however many chunks arrive, and not while the text is not live', async () => {
      const { content, active, scrollTo } = setup()
      for (const piece of ['one ', 'two ', 'three ']) {
        content.value += piece
        await nextTick()
      }
      expect(frames).toHaveLength(1)
      frames.shift()!(0)
      expect(scrollTo).toHaveBeenCalledTimes(1)
      active.value = false
      content.value += 'four'
      await nextTick()
      expect(frames).toHaveLength(0)
    })

    it('lets a wheel turned up stop it at once, and Jump to live take the reader back', async () => {
      const { content, follow, scrollTo } = setup()
      window.dispatchEvent(new WheelEvent('wheel', { deltaY: -40 }))
      expect(follow.following.value).toBe(false)
      content.value += 'more'
      await nextTick()
      expect(frames).toHaveLength(0)
      follow.jumpToLive()
      expect(follow.following.value).toBe(true)
      expect(scrollTo).toHaveBeenCalledTimes(1)
    })
  })
})
