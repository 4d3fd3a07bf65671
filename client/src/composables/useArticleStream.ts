import type { Client } from '@urql/core'
import { computed, onScopeDispose, shallowRef } from 'vue'
import { ArticleText, CancelGeneration, GenerateArticle } from './articleDocuments.ts'
import { unauthenticated } from '../stores/auth.ts'
import type { ArticleLength, ArticleTone } from '../gql/graphql.ts'
import { errorOf, initialArticleState, isEnded, isRunning, phaseOf, reduceArticle, shownTextOf, type ArticleAction, type ArticleState, type StreamEvent } from './articleState.ts'
import { createPoller } from './pollGeneration.ts'
import { matchesFinished } from './textCheck.ts'

export interface ArticleRequest {
  language: string
  length: ArticleLength
  tone: ArticleTone
}

export interface ArticleStreamOptions {
  client: Client
  artistId: string
}

/** Errors after which a retry continues the same generation where the text stopped, rather than asking anew. */
export const resumableErrors: readonly string[] = ['CONNECTION_LOST', 'GAP', 'READER_TOO_SLOW']

/** How long a cancel waits for the server to confirm it before the stream is left anyway. */
const cancelConfirmMs = 5000

/**
 * Follows one artist's article stream: generate, join a running one, cancel, pause the display,
 * retry or resume after a lost connection. Built to outlive the page that shows it (see
 * stores/articleStreams.ts): leaving the page must not leave the generation without its reader.
 */
export function createArticleStream({ client, artistId }: ArticleStreamOptions) {
  const state = shallowRef<ArticleState>(initialArticleState)
  /** True while the text is followed by polling because the event stream could not be opened. */
  const polling = shallowRef(false)
  let subscription: { unsubscribe(): void } | null = null
  let lastRequest: { options: ArticleRequest; regenerate: boolean } | null = null
  let cancelTimer: ReturnType<typeof setTimeout> | undefined

  const dispatch = (action: ArticleAction) => {
    const before = state.value
    state.value = reduceArticle(before, action)
    const after = state.value
    if (before.stage.status !== after.stage.status && isEnded(after.stage)) {
      clearTimeout(cancelTimer)
      if (action.type === 'event') void settle(action.event)
    }
  }
  const poller = createPoller({ client, state, dispatch })

  /**
   * Once a stream ends, the saved article is read, once, here and nowhere else: its text becomes
   * the one on screen, so that every reader (a second tab, one that joined late, one that paused)
   * ends with the same text and Copy and Download give what was saved, and the panel shows its
   * summary and checks from it. A finished text that differs from the saved one is a bug in the
   * stream, not something to hide: it is reported before the saved text replaces it.
   */
  async function settle(end: StreamEvent) {
    const { text, generationId } = state.value
    if (!generationId || (end.__typename === 'ArticleError' && !text && end.code !== 'CANCELLED')) return
    if (end.__typename === 'ArticleDone' && !(await matchesFinished(text, end))) {
      console.error('The streamed text differs from the saved article; showing the saved one.', { generationId, received: text.length, expected: end.length })
    }
    const { data } = await client.query(ArticleText, { id: generationId }, { requestPolicy: 'network-only' }).toPromise()
    const article = data?.article
    if (article && state.value.generationId === generationId) dispatch({ type: 'saved', article })
  }

  function subscribe(variables: Record<string, unknown>) {
    stop()
    dispatch({ type: 'start', now: Date.now() })
    let received = false
    subscription = client.subscription(GenerateArticle, { artistId, ...variables }).subscribe((result) => {
      if (result.error) {
        // No event at all: something between here and the server blocks event streams. Follow by polling.
        if (result.error.networkError && !received && !variables.resume) {
          polling.value = true
          void poller.start(artistId, variables)
          return
        }
        const message = result.error.networkError ? 'The connection to the server was lost.' : result.error.message
        dispatch({ type: 'connection-lost', message, now: Date.now() })
      } else if (result.data) {
        received = true
        const event = result.data.generateArticle
        if (event.__typename === 'ArticleError' && event.code === 'UNAUTHENTICATED') unauthenticated()
        dispatch({ type: 'event', event, now: Date.now() })
      }
    })
  }

  function stop() {
    subscription?.unsubscribe()
    subscription = null
    poller.stop()
    polling.value = false
  }

  /** Leaves the stream here and now, whatever the server does. */
  function abandon() {
    dispatch({ type: 'cancel', now: Date.now() })
    stop()
  }

  onScopeDispose(() => {
    clearTimeout(cancelTimer)
    stop()
  })

  return {
    state,
    polling,
    phase: computed(() => phaseOf(state.value)),
    /** The part of the text on screen (all of it unless the display is paused). */
    shownText: computed(() => shownTextOf(state.value)),

    generate(options: ArticleRequest, regenerate = false) {
      lastRequest = { options, regenerate }
      subscribe({ options, regenerate })
    },

    /** Follows a generation already running (started in another tab, on another instance), from its start. */
    join(generationId: string, options: ArticleRequest) {
      lastRequest = { options, regenerate: false }
      subscribe({ options, resume: { generationId, offset: 0 } })
    },

    /** After a lost connection, continue where the text stopped; after a failure, ask again. */
    retry() {
      const { generationId, text } = state.value
      const error = errorOf(state.value)
      if (generationId && error && resumableErrors.includes(error.code)) {
        subscribe({ options: lastRequest?.options, resume: { generationId, offset: text.length } })
      } else if (lastRequest) {
        subscribe({ options: lastRequest.options, regenerate: lastRequest.regenerate })
      }
    },

    /**
     * Stops the generation on the server, and the model with it, for every reader. The stream
     * stays open until the server confirms, so the chunks already on their way arrive and this
     * reader ends with exactly the text that was saved.
     */
    async cancel() {
      const { generationId, fromSaved, stage } = state.value
      if (!isRunning(stage)) return
      if (!generationId || fromSaved || polling.value) {
        abandon()
        if (generationId && polling.value) await client.mutation(CancelGeneration, { id: generationId }).toPromise()
        return
      }
      dispatch({ type: 'cancelling' })
      cancelTimer = setTimeout(abandon, cancelConfirmMs)
      const { data, error } = await client.mutation(CancelGeneration, { id: generationId }).toPromise()
      // Not running any more (it ended meanwhile) or not reachable: its own end event, or none, comes.
      if (error || data?.cancelGeneration === false) {
        const now = state.value.stage
        if (isRunning(now) && now.cancelling && state.value.generationId === generationId) abandon()
      }
    },

    pause: () => dispatch({ type: 'pause' }),
    resume: () => dispatch({ type: 'resume' }),

    /** Forgets an ended stream, so the page shows saved portraits again. */
    clear() {
      if (isRunning(state.value.stage)) return
      stop()
      state.value = initialArticleState
    },
  }
}

export type ArticleStream = ReturnType<typeof createArticleStream>
