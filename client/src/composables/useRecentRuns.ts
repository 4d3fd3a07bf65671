import { useQuery } from '@urql/vue'
import { useIntervalFn } from '@vueuse/core'
import { computed, watch } from 'vue'
import { PortraitRunsQuery } from './runDocuments.ts'
import { isActiveRun } from './runState.ts'

/** How often the list is read again while one of its runs goes on. */
const refreshMs = 3000

/** The latest runs, newest first; read again every few seconds while one of them goes on. */
export function useRecentRuns(first = 10) {
  const query = useQuery({ query: PortraitRunsQuery, variables: { first }, requestPolicy: 'cache-and-network' })
  const runs = computed(() => query.data.value?.portraitRuns ?? [])
  const poll = useIntervalFn(() => query.executeQuery({ requestPolicy: 'network-only' }), refreshMs, { immediate: false })
  watch(
    () => runs.value.some((run) => isActiveRun(run.status)),
    (going) => (going ? poll.resume() : poll.pause()),
    { immediate: true },
  )
  return { runs, fetching: query.fetching, error: query.error }
}
