import { useClientHandle } from '@urql/vue'
import { computed, onScopeDispose, shallowRef, toValue, type MaybeRefOrGetter } from 'vue'
import { ArticleText, CancelGeneration, GenerateArticle, GenerationStatus } from './articleDocuments.ts'
import { unauthenticated } from '../stores/auth.ts'
import type { ArticleLength, ArticleTone } from '../gql/graphql.ts'
import { initialArticleState, phaseOf, reduceArticle, type ArticleAction, type StreamEvent } from './articleState.ts'
import { createPoller } from './pollGeneration.ts'
import { matchesFinished } from './textCheck.ts'

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
  let lastRequest: { options: ArticleRequest; regenerate: boolean } | null = null

  const dispatch = (action: ArticleAction) => {
    const before = state.value
    state.value = reduceArticle(before, action)
    remember(before)
    if (action.type === 'event' && action.event.__typename === 'ArticleDone' && state.value.status === 'done') void verify(action.event)
  }
  const poller = createPoller({ client, state, dispatch })

  /**
   * Checks the text joined from chunks against the finished article. A mismatch is a bug in the
   * stream, not something to hide: it is reported, and the saved text is fetched and shown.
   */
  async function verify(done: Extract<StreamEvent, { __typename: 'ArticleDone' }>) {
    const { text, generationId } = state.value
    if (await matchesFinished(text, done)) return
    console.error('The streamed text differs from the saved article; showing the saved one.', { generationId, received: text.length, expected: done.length })
    const { data } = await client.query(ArticleText, { id: done.article.id }, { requestPolicy: 'network-only' }).toPromise()
    if (data?.article && state.value.generationId === generationId) dispatch({ type: 'repair', text: data.article.markdown })
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
          polling.value = true
          void poller.start(toValue(artistId), variables)
          return
        }
        const message = result.error.networkError ? 'The connection to the server was lost.' : result.error.message
        dispatch({ type: 'connection-lost', message, now: performance.now() })
      } else if (result.data) {
        received = true
        const event = result.data.generateArticle
        if (event.__typename === 'ArticleError' && event.code === 'UNAUTHENTICATED') unauthenticated()
        dispatch({ type: 'event', event, now: performance.now() })
      }
    })
  }

  function stop() {
    subscription?.unsubscribe()
    subscription = null
    poller.stop()
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
