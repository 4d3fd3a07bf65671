import { useIntervalFn } from '@vueuse/core'
import { computed, ref, watch, type Ref } from 'vue'
import type { ArticleState } from './articleState.ts'

/** Live figures for the status line: elapsed time, words, pace, and progress toward the target. */
export function useArticleStats(state: Ref<ArticleState>, shownText: Ref<string>) {
  const now = ref(performance.now())
  const active = computed(() => state.value.status === 'connecting' || state.value.status === 'streaming')
  // The clock only ticks while something is running; VueUse stops it with the scope.
  const clock = useIntervalFn(() => (now.value = performance.now()), 250, { immediate: false })
  watch(
    active,
    (running) => {
      if (running) clock.resume()
      else clock.pause()
      now.value = performance.now()
    },
    { immediate: true },
  )

  const words = computed(() => shownText.value.match(/\S+/g)?.length ?? 0)
  const end = computed(() => state.value.endedAt ?? now.value)
  return {
    elapsedSeconds: computed(() => (state.value.startedAt === null ? 0 : Math.max(0, (end.value - state.value.startedAt) / 1000))),
    words,
    /** Chunks per second since the first one: close to the model's tokens per second. */
    tokensPerSecond: computed(() => {
      const { firstChunkAt, chunks } = state.value
      const seconds = firstChunkAt === null ? 0 : (end.value - firstChunkAt) / 1000
      return seconds > 0.2 ? chunks / seconds : 0
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
