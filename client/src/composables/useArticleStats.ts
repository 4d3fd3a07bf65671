import { useIntervalFn } from '@vueuse/core'
import { computed, ref, watch, type Ref } from 'vue'
import { countWords, endedAtOf, isRunning, type ArticleState } from './articleState.ts'

/** Seconds the generation has been writing at `now` (until it ended); none for a saved article replayed. */
export function elapsedSeconds(state: ArticleState, now: number): number {
  const { startedAt, fromSaved } = state
  if (startedAt === null || fromSaved) return 0
  return Math.max(0, ((endedAtOf(state) ?? now) - startedAt) / 1000)
}

/**
 * Chunks per second since the first one (close to the model's tokens per second): from when this
 * reader saw it arrive, or else from the generation's start; 0 for the first half second.
 */
export function tokensPerSecond(state: ArticleState, now: number): number {
  const { firstChunkAt, startedAt, tokens, fromSaved } = state
  const from = firstChunkAt ?? startedAt
  if (from === null || fromSaved) return 0
  const seconds = ((endedAtOf(state) ?? now) - from) / 1000
  return seconds > 0.5 ? tokens / seconds : 0
}

/** Seconds the model has been reasoning, while it runs and has written nothing yet; null otherwise. */
export function thinkingSeconds(state: ArticleState, now: number): number | null {
  const { thinkingSince, text, stage } = state
  return thinkingSince === null || text || !isRunning(stage) ? null : Math.max(0, (now - thinkingSince) / 1000)
}

/** How far along the text is (0 to 1), by its words against the target; whole once finished. */
export function progressOf(state: ArticleState, words: number): number {
  if (state.stage.status === 'done') return 1
  return state.targetWords ? Math.min(1, words / state.targetWords) : 0
}

/**
 * Live figures for the status line, from the generation's own start time and chunk count, not
 * from when this page began to listen: a reload, a second tab or a late join read the same
 * figures, and a paused display does not stop them.
 */
export function useArticleStats(state: Ref<ArticleState>, clock: () => number = Date.now) {
  const now = ref(clock())
  const active = computed(() => isRunning(state.value.stage))
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
  return {
    elapsedSeconds: computed(() => elapsedSeconds(state.value, now.value)),
    words,
    tokensPerSecond: computed(() => tokensPerSecond(state.value, now.value)),
    thinkingSeconds: computed(() => thinkingSeconds(state.value, now.value)),
    progress: computed(() => progressOf(state.value, words.value)),
  }
}
