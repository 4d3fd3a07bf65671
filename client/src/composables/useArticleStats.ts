import { useIntervalFn } from '@vueuse/core'
import { computed, ref, watch, type Ref } from 'vue'
import type { ArticleState } from './articleState.ts'

/** Words as the server counts them for its progress: runs of non-space characters. */
export const countWords = (text: string) => text.match(/\S+/g)?.length ?? 0

/**
 * Live figures for the status line, from the generation's own start time and chunk count, not
 * from when this page began to listen: a reload, a second tab or a late join read the same
 * figures, and a paused display does not stop them.
 */
export function useArticleStats(state: Ref<ArticleState>, clock: () => number = Date.now) {
  const now = ref(clock())
  const active = computed(() => state.value.status === 'connecting' || state.value.status === 'streaming')
  // The clock only ticks while something is running; VueUse stops it with the scope.
  const ticker = useIntervalFn(() => (now.value = clock()), 250, { immediate: false })
  watch(
    active,
    (running) => {
      if (running) ticker.resume()
      else ticker.pause()
      now.value = clock()
    },
    { immediate: true },
  )

  const words = computed(() => countWords(state.value.text))
  const end = computed(() => state.value.endedAt ?? now.value)
  return {
    elapsedSeconds: computed(() => {
      const { startedAt, fromSaved } = state.value
      // A saved article replayed has no writing time of its own.
      if (startedAt === null || fromSaved) return 0
      return Math.max(0, (end.value - startedAt) / 1000)
    }),
    words,
    /**
     * Chunks per second since the first one (close to the model's tokens per second): from when
     * this page saw it arrive, or else from the generation's start.
     */
    tokensPerSecond: computed(() => {
      const { firstChunkAt, startedAt, tokens, fromSaved } = state.value
      const from = firstChunkAt ?? startedAt
      if (from === null || fromSaved) return 0
      const seconds = (end.value - from) / 1000
      return seconds > 0.5 ? tokens / seconds : 0
    }),
    /** Seconds the model has been reasoning, while it has written nothing yet; null otherwise. */
    thinkingSeconds: computed(() => {
      const { thinkingSince, text } = state.value
      return thinkingSince === null || text || !active.value ? null : Math.max(0, (now.value - thinkingSince) / 1000)
    }),
    progress: computed(() => {
      if (state.value.status === 'done') return 1
      return state.value.targetWords ? Math.min(1, words.value / state.value.targetWords) : 0
    }),
  }
}
