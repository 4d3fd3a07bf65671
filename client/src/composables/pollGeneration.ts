import type { Client } from '@urql/vue'
import type { ShallowRef } from 'vue'
import type { ArticleAction, ArticleState } from './articleState.ts'
import { PollGeneration, StartGeneration } from './articleDocuments.ts'
import { sha256Hex } from './textCheck.ts'

/** How often a reader without an event stream asks for new text. */
export const pollIntervalMs = 1000

export interface PollerOptions {
  client: Client
  state: Readonly<ShallowRef<ArticleState>>
  dispatch: (action: ArticleAction) => void
}

/**
 * Follows a generation without an event stream (a proxy that blocks them): starts it by mutation,
 * then asks for the new text every second, turning each answer into the events a stream would
 * have sent, so the rest of the app cannot tell the difference.
 */
export function createPoller({ client, state, dispatch }: PollerOptions) {
  let timer: ReturnType<typeof setTimeout> | undefined
  let active = false
  const event = (e: Extract<ArticleAction, { type: 'event' }>['event']) => dispatch({ type: 'event', event: e, now: Date.now() })

  async function start(artistId: string, variables: Record<string, unknown>) {
    active = true
    const { data, error } = await client.mutation(StartGeneration, { artistId, ...variables }).toPromise()
    const started = data?.startGeneration
    if (!started) {
      dispatch({ type: 'connection-lost', message: error?.message ?? 'The server could not be reached.', now: Date.now() })
      return
    }
    if (started.__typename === 'ArticleError') return event(started)
    const generationId = started.id
    const fromSaved = started.status !== 'RUNNING'
    const { model, offline, targetWords, startedAt, language, length, tone } = started
    event({ __typename: 'ArticleMetadata', generationId, model, offline, fromSaved, targetWords, startedAt, language, articleLength: length, tone })
    let seq = 0
    const poll = async () => {
      const from = state.value.text.length
      const { data: polled } = await client.query(PollGeneration, { id: generationId, from }, { requestPolicy: 'network-only' }).toPromise()
      if (!active || state.value.generationId !== generationId) return
      const generation = polled?.generation
      if (!generation) {
        dispatch({ type: 'connection-lost', message: 'The server stopped answering.', now: Date.now() })
        return
      }
      if (generation.text) event({ __typename: 'ArticleChunk', generationId, seq: seq++, offset: from, delta: generation.text })
      const article = polled.article
      if (generation.status === 'RUNNING') timer = setTimeout(poll, pollIntervalMs)
      else if ((generation.status === 'COMPLETE' || generation.status === 'TRUNCATED') && article) {
        const { markdown, ...end } = article
        event({ __typename: 'ArticleDone', generationId, finishReason: 'stop', length: markdown.length, sha256: (await sha256Hex(markdown)) ?? '', article: end })
      } else if (generation.status === 'CANCELLED') {
        event({ __typename: 'ArticleError', code: 'CANCELLED', message: 'The generation was cancelled.', retryable: true, retryAfterMs: null })
      } else {
        event({ __typename: 'ArticleError', code: 'UPSTREAM_UNAVAILABLE', message: 'The generation failed before the end.', retryable: true, retryAfterMs: null })
      }
    }
    await poll()
  }

  return {
    start,
    stop() {
      active = false
      clearTimeout(timer)
    },
  }
}
