import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, gql } from '@apollo/client'
import { GraphQLWsLink } from '@apollo/client/link/subscriptions'
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { useModelServer, useTestServer } from './tserver.ts'
import { generateArticle, type Event } from './tsubscribe.ts'

/**
 * A portrait streamed by the clients third-party developers bring, each through its own library:
 * graphql-ws (Postman and Insomnia speak its protocol), Apollo Client over a WebSocket and over its
 * default HttpLink (multipart subscriptions). The same contract as over SSE: the exact text, resume,
 * cancel, limits and masking, a stalled reader dropped.
 */

const { model, server, freshArtist } = useModelServer({ GENERATION_LINGER_MS: '0', RATE_LIMIT_GENERATIONS: '1000', GENERATION_MAX_READER_LAG_CHARS: '100000', GENERATION_CHECKPOINT_MS: '600000' })
const token = 'portrait-clients-token-0123456789'
const privateServer = useTestServer({ API_TOKENS: token, READ_REQUIRES_TOKEN: 'true', OFFLINE_WRITER_TOKENS_PER_SECOND: '2000' })

const wsUrl = (base: string) => `${base.replace(/^http/, 'ws')}/graphql`
const closers: (() => unknown)[] = []
afterEach(async () => {
  for (const close of closers.splice(0)) await close()
})

/** graphql-ws's own client over the `ws` package, as a Node program or Postman connects. */
function wsClient(base: string, connectionParams?: Record<string, unknown>, options: { origin?: string } = {}): WsClient {
  const client = createWsClient({
    url: wsUrl(base),
    webSocketImpl: class extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols, options.origin ? { origin: options.origin } : {})
      }
    },
    retryAttempts: 0,
    lazy: true,
    connectionParams,
  })
  closers.push(() => client.dispose())
  return client
}

/** Subscribes and gathers the events until the stream ends. */
async function collect(client: WsClient, variables: Record<string, unknown>, query = generateArticle, until?: (events: Event[]) => boolean): Promise<Event[]> {
  const events: Event[] = []
  const iterator = client.iterate<Record<string, Event>>({ query, variables })
  for await (const result of iterator) {
    if (result.errors) throw new Error(JSON.stringify(result.errors))
    events.push(Object.values(result.data!)[0]!)
    if (until?.(events)) {
      await iterator.return?.()
      break
    }
  }
  return events
}

/** What a refused operation reports, as text: graphql-ws rejects with the GraphQL errors themselves. */
const failure = (operation: Promise<unknown>) =>
  operation.then(
    () => 'no error',
    (error: unknown) => JSON.stringify(error instanceof Error ? error.message : error),
  )

const textOf = (events: Event[]) => events.filter((event) => event.__typename === 'ArticleChunk').map((event) => event.delta as string).join('')

/** Apollo Client, over a WebSocket link or its default HttpLink; events as the subscription hands them over. */
function apollo(link: ApolloLink) {
  const client = new ApolloClient({ link, cache: new InMemoryCache() })
  closers.push(() => client.stop())
  return (variables: Record<string, unknown>, stopAfter?: (events: Event[]) => boolean) =>
    new Promise<Event[]>((resolve, reject) => {
      const events: Event[] = []
      const subscription = client.subscribe<Record<string, Event>>({ query: gql(generateArticle), variables, fetchPolicy: 'no-cache' }).subscribe({
        next: (result) => {
          if (result.error) return reject(result.error)
          events.push(Object.values(result.data!)[0]!)
          if (stopAfter?.(events)) {
            subscription.unsubscribe()
            resolve(events)
          }
        },
        error: reject,
        complete: () => resolve(events),
      })
    })
}

const links = {
  'Apollo Client over HttpLink (multipart subscriptions)': () => new HttpLink({ uri: `${server().url}/graphql` }),
  'Apollo Client over GraphQLWsLink': () => new GraphQLWsLink(wsClient(server().url)),
}

describe.each(Object.entries(links))('%s', (_name, link) => {
  it('streams a portrait whose text is exactly the saved one, and cancels the model when it leaves', async () => {
    model.setDefault({ tokens: 60, paceMs: 2 })
    const subscribe = apollo(link())
    const events = await subscribe({ artistId: freshArtist(), regenerate: true })
    expect(events[0]).toMatchObject({ __typename: 'ArticleMetadata', fromSaved: false })
    const done = events.at(-1)!
    expect(done).toMatchObject({ __typename: 'ArticleDone', article: { status: 'COMPLETE' } })
    expect(textOf(events)).toBe(done.article.markdown)
    expect(textOf(events)).toBe(Array.from({ length: 60 }, (_, i) => `word${i} `).join(''))

    // Leaving mid-way stops the model (no linger here): the tokens stop costing.
    model.setDefault({ tokens: 5000, paceMs: 5 })
    const calls = model.requests.length
    await subscribe({ artistId: freshArtist(), regenerate: true }, (seen) => seen.length > 10)
    const request = await model.ended(calls)
    expect(request.outcome).toBe('client-closed')
    expect(request.tokensSent).toBeLessThan(5000)
  })
})

describe('graphql-ws (Postman, Insomnia, GraphQLWsLink)', () => {
  it('resumes from an offset with exactly the rest of the text', async () => {
    model.setDefault({ tokens: 200, paceMs: 5 })
    const artistId = freshArtist()
    const client = wsClient(server().url)
    // Another reader keeps the generation going while the first leaves and comes back.
    let keeper: Promise<Event[]> | undefined
    const first = await collect(client, { artistId, regenerate: true }, generateArticle, (events) => {
      keeper ??= collect(wsClient(server().url), { artistId, resume: { generationId: events[0]!.generationId as string, offset: 0 } })
      return textOf(events).length > 300
    })
    const generationId = first[0]!.generationId as string
    const head = textOf(first)
    const rest = await collect(client, { artistId, resume: { generationId, offset: head.length } })
    const whole = await keeper!
    expect(head + textOf(rest)).toBe(textOf(whole))
    expect(rest.at(-1)).toMatchObject({ __typename: 'ArticleDone' })
  })

  it('refuses what every transport refuses: an operation over the limits, with a clear error and nothing run', async () => {
    const calls = model.requests.length
    const client = wsClient(server().url)
    const deep = 'subscription ($a: ID!) { generateArticle(artistId: $a) { ... on ArticleDone { article { artist { albums { artist { albums { artist { name } } } } } } } } }'
    expect(await failure(collect(client, { a: freshArtist() }, deep))).toMatch(/depth/i)
    const costly = `query ($n: Int) { ${Array.from({ length: 12 }, (_, i) => `a${i}: artists(first: $n) { edges { node { name albums { title } portraits { markdown } } } }`).join(' ')} }`
    expect(await failure(collect(client, { n: 100 }, costly))).toMatch(/QUERY_TOO_COMPLEX/)
    // Nothing started: no model call for either.
    expect(model.requests.length).toBe(calls)
  })

  it('checks the token in connection_init or on the upgrade, and the Origin at the upgrade', async () => {
    const query = '{ artists(first: 1) { totalCount } }'
    const totalOf = (events: Event[]) => (events[0] as unknown as { totalCount: number }).totalCount
    await expect(collect(wsClient(privateServer().url), {}, query)).rejects.toBeTruthy()
    expect(totalOf(await collect(wsClient(privateServer().url, { authorization: `Bearer ${token}` }), {}, query))).toBeGreaterThan(0)
    expect(totalOf(await collect(wsClient(privateServer().url, { token }), {}, query))).toBeGreaterThan(0)
    // A page of another site cannot open the socket (browsers always send Origin on a WebSocket).
    const refused = await new Promise<number>((resolve) => {
      const socket = new WebSocket(wsUrl(server().url), 'graphql-transport-ws', { origin: 'https://evil.example' })
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode!))
      socket.on('open', () => resolve(101))
    })
    expect(refused).toBe(403)
  })

  it('drops a reader that stops reading, while the generation goes on for the others', async () => {
    // About 20 MB of text: far more than the socket buffers between the server and a stalled reader.
    model.setDefault({ tokens: Array.from({ length: 2000 }, () => 'x'.repeat(9_999) + ' '), paceMs: 2 })
    const artistId = freshArtist()
    const positions = 'subscription ($artistId: ID!, $regenerate: Boolean) { generateArticle(artistId: $artistId, regenerate: $regenerate) { __typename ... on ArticleMetadata { generationId } ... on ArticleChunk { offset } ... on ArticleDone { article { wordCount } } ... on ArticleError { code } } }'
    const keeping = collect(wsClient(server().url), { artistId, regenerate: true }, positions)
    // A raw socket that subscribes, then never reads another byte.
    const stalled = new WebSocket(wsUrl(server().url), 'graphql-transport-ws')
    await new Promise((resolve) => stalled.once('open', resolve))
    stalled.send(JSON.stringify({ type: 'connection_init' }))
    await new Promise((resolve) => stalled.once('message', resolve))
    stalled.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription ($a: ID!) { generateArticle(artistId: $a) { __typename ... on ArticleChunk { delta } ... on ArticleError { code } } }', variables: { a: artistId } } }))
    ;(stalled as unknown as { _socket: { pause(): void } })._socket.pause()
    const kept = await keeping
    expect(kept.at(-1)).toMatchObject({ __typename: 'ArticleDone' })
    // Reading again, the stalled reader finds it was dropped rather than handed the whole backlog.
    const seen: string[] = []
    stalled.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; payload?: { data?: { generateArticle?: { __typename: string; code?: string } } } }
      const event = message.payload?.data?.generateArticle
      seen.push(event?.code ?? event?.__typename ?? message.type)
    })
    ;(stalled as unknown as { _socket: { resume(): void } })._socket.resume()
    await expect.poll(() => seen.at(-1), { timeout: 60_000 }).toBe('complete')
    expect(seen).toContain('READER_TOO_SLOW')
    expect(seen.filter((type) => type === 'ArticleChunk').length).toBeLessThan(2000)
    stalled.close()
  }, 120_000)
})
