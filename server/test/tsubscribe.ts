import { createClient } from 'graphql-sse'

/** The two GraphQL-over-SSE modes the server speaks. */
export type SseMode = 'distinct' | 'single'
export const sseModes: SseMode[] = ['distinct', 'single']

export const generateArticle = `subscription Generate($artistId: ID!, $options: ArticleOptions, $regenerate: Boolean, $resume: ResumeFrom) {
  generateArticle(artistId: $artistId, options: $options, regenerate: $regenerate, resume: $resume) {
    __typename
    ... on ArticleMetadata { generationId model offline fromSaved language length tone targetWords startedAt artist { id name } }
    ... on ArticleChunk { generationId seq offset delta }
    ... on ArticleDone {
      generationId finishReason
      article { id status markdown model language wordCount usage { promptTokens completionTokens } timings { firstTokenMs durationMs tokensPerSecond } }
    }
    ... on ArticleError { code message retryable retryAfterMs }
  }
}`

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- events are checked field by field in the tests
export type Event = Record<string, any> & { __typename: string }

export interface Subscription {
  events: Event[]
  /** Resolves when the stream completes (or fails), with every event received. */
  done: Promise<Event[]>
  /** Resolves once `count` events have arrived. */
  received(count: number): Promise<Event[]>
  /** Leaves the stream, as a closed tab would. */
  unsubscribe(): void
}

/** Subscribes through the real graphql-sse client, in the given mode, and records the events. */
export function tsubscribe(
  baseUrl: string,
  mode: SseMode,
  variables: Record<string, unknown>,
  query = generateArticle,
  headers: Record<string, string> = {},
): Subscription {
  const client = createClient({
    url: mode === 'single' ? `${baseUrl}/graphql/stream` : `${baseUrl}/graphql`,
    singleConnection: mode === 'single',
    retryAttempts: 0,
    headers,
  })
  const events: Event[] = []
  const waiters: (() => void)[] = []
  let dispose: () => void = () => {}
  const done = new Promise<Event[]>((resolve, reject) => {
    dispose = client.subscribe<Record<string, Event>>(
      { query, variables },
      {
        next: (result) => {
          if (result.errors) return reject(new Error(JSON.stringify(result.errors)))
          // The one root field's value: generateArticle's events, importProgress's snapshots.
          events.push(Object.values(result.data!)[0]!)
          for (const wake of waiters) wake()
        },
        error: (error) => reject(error instanceof Error ? error : new Error(JSON.stringify(error))),
        complete: () => resolve(events),
      },
    )
  }).finally(() => client.dispose())
  return {
    events,
    done,
    received(count) {
      return new Promise((resolve, reject) => {
        const check = () => events.length >= count && resolve(events)
        waiters.push(check)
        check()
        void done.then(() => (events.length >= count ? resolve(events) : reject(new Error(`stream ended after ${events.length} events, the last ${JSON.stringify(events.at(-1))}`))), reject)
      })
    },
    unsubscribe() {
      dispose()
      client.dispose()
    },
  }
}

/** Checks the shape every finished stream must have and returns the article text it carried. */
export function joinChunks(events: Event[]): string {
  const chunks = events.filter((event) => event.__typename === 'ArticleChunk')
  let text = ''
  chunks.forEach((chunk, i) => {
    if (chunk.seq !== i || chunk.offset !== text.length) {
      throw new Error(`chunk ${i} has seq ${chunk.seq} offset ${chunk.offset}, expected seq ${i} offset ${text.length}`)
    }
    text += chunk.delta
  })
  return text
}
