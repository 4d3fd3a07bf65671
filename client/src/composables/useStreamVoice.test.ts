// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { computed, defineComponent, nextTick, shallowRef } from 'vue'
import { i18n } from '../i18n.ts'
import type { OutlineEntry } from '../markdown/renderer.ts'
import { isRunning, phaseOf, reduceArticle, type ArticleAction, type ArticleState } from './articleState.ts'
import { chunk, done, event, failure, metadata, run } from './tarticle.ts'
import { useStreamVoice } from './useStreamVoice.ts'

function voiceOf(start: ArticleState) {
  const state = shallowRef(start)
  const sections = shallowRef<readonly OutlineEntry[]>([])
  const words = shallowRef(0)
  let voice: ReturnType<typeof useStreamVoice> | undefined
  const wrapper = mount(
    defineComponent({
      setup() {
        voice = useStreamVoice({ artistName: () => 'Björk', state, phase: computed(() => phaseOf(state.value)), running: computed(() => isRunning(state.value.stage)), sections, words })
        return () => null
      },
    }),
    { global: { plugins: [i18n] } },
  )
  const act = async (...actions: ArticleAction[]) => {
    state.value = run(actions, state.value)
    await nextTick()
  }
  return { voice: voice!, state, sections, words, act, unmount: () => wrapper.unmount() }
}

describe('what the page says of a stream', () => {
  afterEach(() => {
    i18n.global.locale.value = 'en'
  })

  it('words the server’s errors by their code outside English, and its own always', async () => {
    const rateLimited = run([{ type: 'start', now: 0 }, event(metadata()), event(failure('RATE_LIMITED'))])
    const { voice, unmount } = voiceOf(rateLimited)
    // In English the server's own message says the most.
    expect(voice.errorMessage.value).toBe('rate_limited')
    i18n.global.locale.value = 'fr'
    expect(voice.errorMessage.value).toBe('Trop de portraits sont en cours d’écriture : réessayez dans un instant.')
    unmount()

    i18n.global.locale.value = 'en'
    const lost = voiceOf(reduceArticle(rateLimited, { type: 'connection-lost', message: 'socket hang up', now: 2 }))
    expect(lost.voice.errorMessage.value).toBe('The connection to the server was lost.')
    lost.unmount()
  })

  it('announces the start, each section once the next begins, and the end at once', async () => {
    vi.useFakeTimers()
    const page = voiceOf(reduceArticle(run([]), { type: 'start', now: 0 }))
    await page.act(event(metadata()), event(chunk(0, '## One\n')))
    expect(page.voice.announcement.value).toBe('Writing the portrait of Björk.')
    const one = { id: 'one', title: 'One', level: 2 } as OutlineEntry
    page.sections.value = [one]
    await nextTick()
    // A section still being written is not announced; one is once the next begins, in its turn.
    page.sections.value = [one, { id: 'two', title: 'Two', level: 2 } as OutlineEntry]
    await nextTick()
    expect(page.voice.announcement.value).toBe('Writing the portrait of Björk.')
    vi.advanceTimersByTime(1500)
    expect(page.voice.announcement.value).toBe('Section written: One.')
    page.words.value = 1234
    await page.act(event(done('## One\n')))
    expect(page.voice.announcement.value).toBe('Portrait finished, 1,234 words.')
    page.unmount()
    vi.useRealTimers()
  })
})
