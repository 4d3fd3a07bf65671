import { computed, watch, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import type { OutlineEntry } from '../markdown/renderer.ts'
import { errorOf, type ArticlePhase, type ArticleState } from './articleState.ts'
import { useAnnouncer } from './useAnnouncer.ts'

/** Errors the page raises itself, which it words in the reader's language. */
const ownErrors = new Set(['CONNECTION_LOST', 'GAP'])

export interface UseStreamVoiceOptions {
  artistName: () => string
  state: Ref<ArticleState>
  phase: Ref<ArticlePhase>
  /** The stream is being written. */
  running: Ref<boolean>
  /** The sections drawn so far. */
  sections: Ref<readonly OutlineEntry[]>
  words: Ref<number>
}

/**
 * What the page says of a stream in words: its error, in the reader's language where it can, and
 * what a screen reader hears (the start, each section once written, an error, the end).
 */
export function useStreamVoice({ artistName, state, phase, running, sections, words }: UseStreamVoiceOptions) {
  const { t, te, n, locale } = useI18n()
  const announcer = useAnnouncer()

  /**
   * The server's messages are in English and say the most (an HTTP status, say); in another
   * language the page says what the error's code means.
   */
  const errorMessage = computed(() => {
    const error = errorOf(state.value)
    if (!error) return ''
    const key = `errors.${error.code}`
    return te(key) && (locale.value !== 'en' || ownErrors.has(error.code)) ? t(key) : error.message
  })

  watch(phase, (now, before) => {
    if (now === before) return
    if (now === 'streaming' && before === 'connecting') announcer.announce(t('announce.started', { name: artistName() }))
    if (now === 'done') announcer.announce(t('announce.done', { words: n(words.value) }), { urgent: true })
    if (now === 'cancelled') announcer.announce(t('announce.cancelled'), { urgent: true })
    if (now === 'error' && errorOf(state.value)) announcer.announce(errorMessage.value, { urgent: true })
  })
  watch(sections, (now, before) => {
    // A heading is announced once the section before it is complete: when the next one starts.
    if (running.value && now.length > before.length && before.length > 0) announcer.announce(t('announce.section', { title: now.at(-2)?.title ?? '' }))
  })

  return { errorMessage, announcement: announcer.message }
}
