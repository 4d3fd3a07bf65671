import { useClientHandle } from '@urql/vue'
import { computed, onScopeDispose, shallowRef } from 'vue'
import type { PortraitRunFieldsFragment, PortraitRunItemFieldsFragment } from '../gql/graphql.ts'
import {
  CancelPortraitRun,
  PausePortraitRun,
  PortraitRunItems,
  PortraitRunProgress,
  PortraitRunQuery,
  ResumePortraitRun,
  RetryFailedPortraits,
} from './runDocuments.ts'
import { isActiveRun, operationError, runActions, type ErrorLike, type OperationError } from './runState.ts'

export type Run = PortraitRunFieldsFragment
export type RunItem = PortraitRunItemFieldsFragment

/** How soon the run is read again after its stream or the server was lost. */
const reconnectMs = 3000

/**
 * One run, as the server has it: read by its id (so a reload, Back or another tab finds it where
 * it is), then followed live through `portraitRunProgress` for as long as it goes, with the
 * artists being written and those that failed. Its buttons' mutations answer with the run.
 */
export function useRun(id: string) {
  const { client } = useClientHandle()
  const run = shallowRef<Run | null>(null)
  const writing = shallowRef<readonly RunItem[]>([])
  const failedItems = shallowRef<readonly RunItem[]>([])
  /** Written portraits that state something the collection contradicts (the first 50: the query stays within the cost limit), and how many there are. */
  const toRead = shallowRef<readonly RunItem[]>([])
  const contradicted = shallowRef(0)
  const loading = shallowRef(true)
  /** The run could not be read (the server is unreachable): a run already on screen is read again shortly. */
  const loadError = shallowRef<OperationError | null>(null)
  const acting = shallowRef(false)
  const actionError = shallowRef<OperationError | null>(null)

  let stream: { unsubscribe(): void } | null = null
  let retry: ReturnType<typeof setTimeout> | undefined
  let disposed = false
  onScopeDispose(() => {
    disposed = true
    stream?.unsubscribe()
    clearTimeout(retry)
  })

  let reading = false
  let readAgain = false
  async function readItems() {
    if (reading) return void (readAgain = true)
    reading = true
    try {
      const { data } = await client.query(PortraitRunItems, { id }, { requestPolicy: 'network-only' }).toPromise()
      if (data?.portraitRun && !disposed) {
        writing.value = data.portraitRun.writing
        failedItems.value = data.portraitRun.failedItems
        toRead.value = data.portraitRun.toRead
        contradicted.value = data.portraitRun.contradicted
      }
    } finally {
      reading = false
      if (readAgain && !disposed) {
        readAgain = false
        void readItems()
      }
    }
  }

  /** The run as it is now: from the first read, its stream, or a button's answer. */
  function take(next: Run) {
    const before = run.value
    run.value = next
    if (!before || before.done !== next.done || before.failed !== next.failed || before.status !== next.status) void readItems()
    // Brought back to life (its failed artists retried): followed again.
    if (isActiveRun(next.status) && !stream && !disposed) follow()
  }

  function stop() {
    stream?.unsubscribe()
    stream = null
  }

  function follow() {
    let ended = false
    stream = client.subscription(PortraitRunProgress, { id }).subscribe((result) => {
      if (ended) return
      const next = result.data?.portraitRunProgress
      if (next) {
        take(next)
        // The stream speaks when an artist starts or ends too: the lists are read again.
        void readItems()
      }
      // The server ends the stream with the run: nothing more will come.
      if (next && !isActiveRun(next.status)) {
        ended = true
        stop()
      } else if (result.error) {
        ended = true
        stop()
        clearTimeout(retry)
        retry = setTimeout(load, reconnectMs)
      }
    })
  }

  async function load() {
    const result = await client.query(PortraitRunQuery, { id }, { requestPolicy: 'network-only' }).toPromise()
    if (disposed) return
    loading.value = false
    loadError.value = operationError(result.error)
    if (loadError.value) {
      // A run on screen stays there while the server is out of reach, and is read again.
      if (run.value) retry = setTimeout(load, reconnectMs)
      return
    }
    const found = result.data?.portraitRun ?? null
    if (found) take(found)
    else run.value = null
  }
  void load()


  /** Sends one of the run's mutations (one at a time), and shows the run it answers with, or why it refused. */
  async function act<T>(send: () => Promise<{ data?: T; error?: ErrorLike }>, pick: (data: T) => Run) {
    if (acting.value) return
    acting.value = true
    actionError.value = null
    try {
      const { data, error } = await send()
      if (data) return take(pick(data))
      actionError.value = operationError(error) ?? { code: null, message: 'No answer from the server.' }
      // The run moved on meanwhile (another tab paused it, it ended): show it as it is.
      if (actionError.value.code === 'RUN_STATE') void load()
    } finally {
      acting.value = false
    }
  }

  return {
    run,
    /** The artists being written now, each with its generation once it has one. */
    writing,
    /** The artists the run gave up on, with why. */
    failedItems,
    toRead,
    contradicted,
    loading,
    loadError,
    acting,
    actionError,
    /** What can be done to the run in its state. */
    actions: computed(() => (run.value ? runActions(run.value) : { pause: false, resume: false, cancel: false, retryFailed: false })),
    pause: () => act(() => client.mutation(PausePortraitRun, { id }).toPromise(), (data) => data.pausePortraitRun),
    resume: () => act(() => client.mutation(ResumePortraitRun, { id }).toPromise(), (data) => data.resumePortraitRun),
    cancel: () => act(() => client.mutation(CancelPortraitRun, { id }).toPromise(), (data) => data.cancelPortraitRun),
    retryFailed: () => act(() => client.mutation(RetryFailedPortraits, { id }).toPromise(), (data) => data.retryFailedPortraits),
    clearActionError: () => (actionError.value = null),
  }
}
