import { useClientHandle } from '@urql/vue'
import { computed, onScopeDispose, shallowRef, toValue, type MaybeRefOrGetter } from 'vue'
import { graphql } from '../gql/gql.ts'
import { unauthenticated } from '../stores/auth.ts'
import type { ArticleLength, ArticleTone } from '../gql/graphql.ts'
import { initialArticleState, phaseOf, reduceArticle, type ArticleAction, type StreamEvent } from './articleState.ts'

const GenerateArticle = graphql(`
  subscription GenerateArticle($artistId: ID!, $options: ArticleOptions, $regenerate: Boolean, $resume: ResumeFrom) {
    generateArticle(artistId: $artistId, options: $options, regenerate: $regenerate, resume: $resume) {
      __typename
      ... on ArticleMetadata {
        generationId
        model
        offline
        fromSaved
        targetWords
      }
      ... on ArticleThinking {
        generationId
        elapsedMs
      }
      ... on ArticleChunk {
        generationId
        seq
        offset
        delta
      }
      ... on ArticleDone {
        generationId
        finishReason
        article {
          id
          markdown
          wordCount
          status
        }
      }
      ... on ArticleError {
        code
        message
        retryable
        retryAfterMs
      }
    }
  }
`)

const CancelGeneration = graphql(`
  mutation CancelGeneration($id: ID!) {
    cancelGeneration(id: $id)
  }
`)

const GenerationStatus = graphql(`
  query GenerationStatus($id: ID!) {
    generation(id: $id) {
      id
      status
    }
  }
`)

const StartGeneration = graphql(`
  mutation StartGeneration($artistId: ID!, $options: ArticleOptions, $regenerate: Boolean) {
    startGeneration(artistId: $artistId, options: $options, regenerate: $regenerate) {
      __typename
      ... on Generation {
        id
        status
        model
        offline
        targetWords
      }
      ... on ArticleError {
        code
        message
        retryable
        retryAfterMs
      }
    }
  }
`)

const PollGeneration = graphql(`
  query PollGeneration($id: ID!, $from: Int) {
    generation(id: $id) {
      id
      status
      text(from: $from)
    }
    article(id: $id) {
      id
      markdown
      wordCount
    }
  }
`)

/** How often a reader without an event stream asks for new text. */
const pollIntervalMs = 1000

export interface ArticleRequest {
  language: string
  length: ArticleLength
  tone: ArticleTone
}

export interface UseArticleStreamOptions {
  artistId: MaybeRefOrGetter<string>
  /** Where a running generation is remembered across reloads. @default sessionStorage */
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null
}

const storageKey = (artistId: string) => `portrait:generation:${artistId}`

/**
 * Follows one article stream for an artist: generate, cancel, pause the display, retry or resume
 * after a lost connection, and pick a running generation up again after a reload.
 */
export function useArticleStream({ artistId, storage = globalThis.sessionStorage ?? null }: UseArticleStreamOptions) {
  const { client } = useClientHandle()
  const state = shallowRef(initialArticleState)
  /** True while the text is followed by polling because the event stream could not be opened. */
  const polling = shallowRef(false)
  let subscription: { unsubscribe(): void } | null = null
  let pollTimer: ReturnType<typeof setTimeout> | undefined
  let lastRequest: { options: ArticleRequest; regenerate: boolean } | null = null

  const dispatch = (action: ArticleAction) => {
    const before = state.value
    state.value = reduceArticle(before, action)
    remember(before)
  }

  /** Keeps the id of a running generation so that a reloaded page can follow it again. */
  function remember(before: typeof initialArticleState) {
    const now = state.value
    if (!storage || now === before) return
    const key = storageKey(toValue(artistId))
    if (now.status === 'streaming' && !now.fromSaved && now.generationId && now.generationId !== before.generationId) {
      storage.setItem(key, now.generationId)
    } else if (now.status === 'done' || now.status === 'cancelled' || (now.status === 'error' && now.error?.code !== 'CONNECTION_LOST')) {
      storage.removeItem(key)
    }
  }

  function subscribe(variables: Record<string, unknown>) {
    stop()
    dispatch({ type: 'start', now: performance.now() })
    let received = false
    subscription = client.subscription(GenerateArticle, { artistId: toValue(artistId), ...variables }).subscribe((result) => {
      if (result.error) {
        // No event at all: something between here and the server blocks event streams. Follow by polling.
        if (result.error.networkError && !received && !variables.resume) {
          void startPolling(variables)
          return
        }
        const message = result.error.networkError ? 'The connection to the server was lost.' : result.error.message
        dispatch({ type: 'connection-lost', message, now: performance.now() })
      } else if (result.data) {
        received = true
        const event = result.data.generateArticle as StreamEvent
        if (event.__typename === 'ArticleError' && event.code === 'UNAUTHENTICATED') unauthenticated()
        dispatch({ type: 'event', event, now: performance.now() })
      }
    })
  }

  /** Starts the generation by mutation and follows its text with a query, for lack of a stream. */
  async function startPolling(variables: Record<string, unknown>) {
    polling.value = true
    const { data, error } = await client.mutation(StartGeneration, { artistId: toValue(artistId), ...variables }).toPromise()
    const started = data?.startGeneration
    if (!started) {
      dispatch({ type: 'connection-lost', message: error?.message ?? 'The server could not be reached.', now: performance.now() })
      return
    }
    if (started.__typename === 'ArticleError') {
      dispatch({ type: 'event', event: { ...started, __typename: 'ArticleError' }, now: performance.now() })
      return
    }
    const generationId = started.id
    const fromSaved = started.status !== 'RUNNING'
    dispatch({ type: 'event', event: { __typename: 'ArticleMetadata', generationId, model: started.model, offline: started.offline, fromSaved, targetWords: started.targetWords }, now: performance.now() })
    let seq = 0
    const poll = async () => {
      const from = state.value.text.length
      const { data: polled } = await client.query(PollGeneration, { id: generationId, from }, { requestPolicy: 'network-only' }).toPromise()
      if (!polling.value || state.value.generationId !== generationId) return
      const generation = polled?.generation
      if (!generation) {
        dispatch({ type: 'connection-lost', message: 'The server stopped answering.', now: performance.now() })
        return
      }
      if (generation.text) dispatch({ type: 'event', event: { __typename: 'ArticleChunk', generationId, seq: seq++, offset: from, delta: generation.text }, now: performance.now() })
      const now = performance.now()
      if (generation.status === 'RUNNING') pollTimer = setTimeout(poll, pollIntervalMs)
      else if (generation.status === 'COMPLETE' && polled.article) {
        dispatch({ type: 'event', event: { __typename: 'ArticleDone', generationId, finishReason: 'stop', article: polled.article }, now })
      } else if (generation.status === 'CANCELLED') {
        dispatch({ type: 'event', event: { __typename: 'ArticleError', code: 'CANCELLED', message: 'The generation was cancelled.', retryable: true }, now })
      } else {
        dispatch({ type: 'event', event: { __typename: 'ArticleError', code: 'UPSTREAM_UNAVAILABLE', message: 'The generation failed before the end.', retryable: true }, now })
      }
    }
    await poll()
  }

  function stop() {
    subscription?.unsubscribe()
    subscription = null
    clearTimeout(pollTimer)
    polling.value = false
  }

  onScopeDispose(stop)

  return {
    state,
    polling,
    phase: computed(() => phaseOf(state.value)),
    /** The part of the text on screen (all of it unless the display is paused). */
    shownText: computed(() => state.value.text.slice(0, state.value.shownLength)),

    generate(options: ArticleRequest, regenerate = false) {
      lastRequest = { options, regenerate }
      subscribe({ options, regenerate })
    },

    /** After a lost connection, continue where the text stopped; after a failure, ask again. */
    retry() {
      const { generationId, error, text } = state.value
      if (generationId && (error?.code === 'CONNECTION_LOST' || error?.code === 'GAP')) {
        subscribe({ options: lastRequest?.options, resume: { generationId, offset: text.length } })
      } else if (lastRequest) {
        subscribe({ options: lastRequest.options, regenerate: lastRequest.regenerate })
      }
    },

    /** Stops the generation on the server, and the model with it, for every reader. */
    async cancel() {
      const { generationId, fromSaved } = state.value
      dispatch({ type: 'cancel', now: performance.now() })
      stop()
      if (generationId && !fromSaved) await client.mutation(CancelGeneration, { id: generationId }).toPromise()
    },

    pause: () => dispatch({ type: 'pause' }),
    resume: () => dispatch({ type: 'resume' }),

    /** Follows again a generation that was running when the page was left or reloaded. */
    async restore(options: ArticleRequest) {
      const generationId = storage?.getItem(storageKey(toValue(artistId)))
      if (!generationId) return false
      const { data } = await client.query(GenerationStatus, { id: generationId }, { requestPolicy: 'network-only' }).toPromise()
      if (data?.generation?.status !== 'RUNNING') {
        storage?.removeItem(storageKey(toValue(artistId)))
        return false
      }
      lastRequest = { options, regenerate: false }
      subscribe({ options, resume: { generationId, offset: 0 } })
      return true
    },
  }
}
