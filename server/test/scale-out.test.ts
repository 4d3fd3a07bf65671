import { openDatabase, seed } from '@portrait/prisma'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { freshPostgresDatabase, postgresUrl } from '../../prisma/test/databases.ts'
import { startFakeModel, type FakeModel } from './fake-model.ts'
import { spawnServer, type ServerProcess } from './tprocess.ts'
import { privateRedis } from './tredis.ts'
import { joinChunks, tsubscribe, type Event } from './tsubscribe.ts'

/** CI must have PostgreSQL and Redis: without them this fails rather than skips. */
function redisUrl(): string | undefined {
  const url = process.env.REDIS_URL
  if (!url && process.env.CI) throw new Error('CI requires REDIS_URL: the scale-out tests cannot be skipped')
  return url
}
const enabled = Boolean(postgresUrl() && redisUrl())

const textFrom = (events: Event[]) => events.filter((e) => e.__typename === 'ArticleChunk').map((e) => e.delta).join('')
const expected = (count: number) => Array.from({ length: count }, (_, i) => `word${i} `).join('')

describe.runIf(enabled)('several instances on PostgreSQL and Redis', () => {
  let model: FakeModel
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>
  let instances: ServerProcess[] = []
  let artistIds: string[] = []
  let next = 0
  const prefix = `portrait-test-${process.pid}-${Date.now()}:`
  const env = () => ({
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl()!,
    REDIS_PREFIX: prefix,
    LLM_BASE_URL: model.url,
    LLM_MODEL: 'fake-model',
    GENERATION_LEASE_MS: '600',
    GENERATION_LINGER_MS: '0',
    RATE_LIMIT_GENERATIONS: '1000',
  })
  const gql = async <T>(instance: ServerProcess, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${instance.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })
    return ((await response.json()) as { data: T }).data
  }

  beforeAll(async () => {
    model = await startFakeModel()
    database = await freshPostgresDatabase(postgresUrl()!)
    const db = await openDatabase({ databaseUrl: database.url })
    await db.migrate()
    await seed(db.prisma)
    await db.close()
    instances = await Promise.all([spawnServer(env()), spawnServer(env()), spawnServer(env())])
    const { artists } = await gql<{ artists: { edges: { node: { id: string } }[] } }>(instances[0]!, '{ artists(first: 50) { edges { node { id } } } }')
    artistIds = artists.edges.map((edge) => edge.node.id)
  })
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()))
    await model?.close()
    await database?.drop()
  })
  beforeEach(() => {
    model.requests.length = 0
    model.setDefault({})
  })

  it('reports Redis in /health', async () => {
    const health = await (await fetch(`${instances[1]!.url}/health`)).json()
    expect(health).toMatchObject({ ok: true, database: { kind: 'postgresql', status: 'up' }, redis: { status: 'up' } })
  })

  it('lets readers on other instances join a generation running on one: one upstream request, the same text', async () => {
    model.setDefault({ tokens: 60, paceMs: 10 })
    const artistId = artistIds[next++]!
    const [a, b, c] = instances
    const first = tsubscribe(a!.url, 'single', { artistId, regenerate: true })
    const [metadata] = await first.received(5)
    const others = [tsubscribe(b!.url, 'distinct', { artistId }), tsubscribe(c!.url, 'single', { artistId })]
    const all = await Promise.all([first.done, ...others.map((o) => o.done)])
    expect(model.requests).toHaveLength(1)
    for (const events of all) {
      expect(events[0]).toMatchObject({ generationId: metadata!.generationId })
      expect(joinChunks(events)).toBe(expected(60))
      expect(events.at(-1)).toMatchObject({ __typename: 'ArticleDone' })
    }
  })

  it('tells readers on other instances that the model is thinking, from when it began', async () => {
    const chunk = (delta: object, finish: string | null = null) =>
      JSON.stringify({ id: 'r', object: 'chat.completion.chunk', created: 1, model: 'r', choices: [{ index: 0, delta, finish_reason: finish }] })
    const thoughts = Array.from({ length: 30 }, (_, i) => chunk({ reasoning_content: `step ${i}. ` }))
    model.setDefault({ replay: [...thoughts, chunk({ content: 'The answer.' }), chunk({}, 'stop')], paceMs: 50 })
    const query = `subscription ($artistId: ID!, $regenerate: Boolean) {
      generateArticle(artistId: $artistId, regenerate: $regenerate) {
        __typename
        ... on ArticleMetadata { generationId }
        ... on ArticleThinking { since elapsedMs }
        ... on ArticleChunk { seq offset delta }
      }
    }`
    const artistId = artistIds[next++]!
    const [a, b] = instances
    const first = tsubscribe(a!.url, 'single', { artistId, regenerate: true }, query)
    await first.received(2)
    const joined = tsubscribe(b!.url, 'distinct', { artistId }, query)
    const [own, other] = await Promise.all([first.done, joined.done])
    const since = (events: typeof own) => events.find((event) => event.__typename === 'ArticleThinking')?.since
    expect(since(own)).toBeTruthy()
    expect(since(other)).toBe(since(own))
    expect(joinChunks(other)).toBe('The answer.')
    expect(model.requests).toHaveLength(1)
  })

  it('resumes by offset on another instance, during and after the generation', async () => {
    model.setDefault({ tokens: 80, paceMs: 10 })
    const artistId = artistIds[next++]!
    const first = tsubscribe(instances[0]!.url, 'distinct', { artistId, regenerate: true })
    const events = await first.received(10)
    const generationId = events[0]!.generationId
    const during = await tsubscribe(instances[1]!.url, 'single', { artistId, resume: { generationId, offset: 33 } }).done
    expect(textFrom(during)).toBe(expected(80).slice(33))
    await first.done
    const after = await tsubscribe(instances[2]!.url, 'distinct', { artistId, resume: { generationId, offset: 100 } }).done
    expect(textFrom(after)).toBe(expected(80).slice(100))
    expect(model.requests).toHaveLength(1)
  })

  it('runs one generation when several instances receive the first request at the same moment', async () => {
    // Long enough that every request arrives while the generation runs, even on a loaded machine:
    // a request after it ended would rightly start another.
    model.setDefault({ tokens: 30, paceMs: 40 })
    const artists = [artistIds[next++]!, artistIds[next++]!, artistIds[next++]!, artistIds[next++]!, artistIds[next++]!]
    // Every instance gets the first request for every artist at once.
    const streams = await Promise.all(
      artists.flatMap((artistId) => instances.map((instance, i) => tsubscribe(instance.url, i % 2 ? 'single' : 'distinct', { artistId, regenerate: true }).done)),
    )
    artists.forEach((_, a) => {
      const mine = streams.slice(a * instances.length, (a + 1) * instances.length)
      expect(new Set(mine.map((events) => events[0]!.generationId)).size).toBe(1)
      for (const events of mine) expect(joinChunks(events)).toBe(expected(30))
    })
    expect(model.requests).toHaveLength(artists.length)
  })

  it('stops a generation on its owner within 100 ms when another instance is asked to cancel it', async () => {
    model.setDefault({ tokens: 500, paceMs: 20 })
    const artistId = artistIds[next++]!
    const reader = tsubscribe(instances[0]!.url, 'single', { artistId, regenerate: true })
    const [metadata] = await reader.received(3)
    const watcher = tsubscribe(instances[2]!.url, 'distinct', { artistId })
    await watcher.received(2)
    const cancelledAt = performance.now()
    const { cancelGeneration } = await gql<{ cancelGeneration: boolean }>(instances[1]!, 'mutation ($id: ID!) { cancelGeneration(id: $id) }', { id: metadata!.generationId })
    expect(cancelGeneration).toBe(true)
    const upstream = await model.ended(0)
    expect(upstream.outcome).toBe('client-closed')
    expect(upstream.endedAt! - cancelledAt).toBeLessThan(100)
    expect((await reader.done).at(-1)).toMatchObject({ code: 'CANCELLED' })
    expect((await watcher.done).at(-1)).toMatchObject({ code: 'CANCELLED' })
  })

  it('ends readers elsewhere with a typed error within the lease when the owner is killed, keeping the text', async () => {
    model.setDefault({ tokens: 1000, paceMs: 10 })
    const artistId = artistIds[next++]!
    const owner = await spawnServer(env())
    const reader = tsubscribe(owner.url, 'distinct', { artistId, regenerate: true })
    const [metadata] = await reader.received(3)
    const survivor = tsubscribe(instances[0]!.url, 'single', { artistId })
    await survivor.received(5)
    const killedAt = performance.now()
    owner.child.kill('SIGKILL')
    const events = await survivor.done
    const detectedIn = performance.now() - killedAt
    expect(events.at(-1)).toMatchObject({ __typename: 'ArticleError', code: 'UPSTREAM_UNAVAILABLE', retryable: true })
    console.log(`owner killed: readers elsewhere told in ${Math.round(detectedIn)} ms (lease 600 ms)`)
    expect(detectedIn).toBeLessThan(600 + 2000)
    await reader.done.catch(() => {})
    // What was written before the crash is saved...
    const { article } = await gql<{ article: { status: string; markdown: string } }>(instances[1]!, 'query ($id: ID!) { article(id: $id) { status markdown } }', { id: metadata!.generationId })
    expect(article.status).toBe('FAILED')
    expect(article.markdown.length).toBeGreaterThan(0)
    expect(textFrom(events).startsWith(article.markdown.slice(0, 20))).toBe(true)
    // ...and the next request starts a fresh generation on a living instance.
    model.setDefault({ tokens: 10 })
    const again = await tsubscribe(instances[1]!.url, 'distinct', { artistId, regenerate: true }).done
    expect(again[0]!.generationId).not.toBe(metadata!.generationId)
    expect(again.at(-1)).toMatchObject({ __typename: 'ArticleDone' })
  })

  it('enforces the per-client rate limit across instances', async () => {
    const limited = { ...env(), RATE_LIMIT_GENERATIONS: '2', REDIS_PREFIX: `${prefix}limits:` }
    const [x, y] = await Promise.all([spawnServer(limited), spawnServer(limited)])
    try {
      model.setDefault({ tokens: 3 })
      const run = (instance: ServerProcess, artistId: string) => tsubscribe(instance.url, 'distinct', { artistId, regenerate: true }).done
      expect((await run(x, artistIds[next++]!)).at(-1)).toMatchObject({ __typename: 'ArticleDone' })
      expect((await run(y, artistIds[next++]!)).at(-1)).toMatchObject({ __typename: 'ArticleDone' })
      const third = await run(x, artistIds[next++]!)
      expect(third).toEqual([expect.objectContaining({ code: 'RATE_LIMITED', retryable: true })])
    } finally {
      await Promise.all([x.stop(), y.stop()])
    }
  })
})

describe.runIf(enabled)('Redis going away', () => {
  it('refuses to start with a clear error when Redis is unreachable', async () => {
    const database = await freshPostgresDatabase(postgresUrl()!)
    try {
      await expect(spawnServer({ DATABASE_URL: database.url, REDIS_URL: 'redis://127.0.0.1:1' })).rejects.toThrow(/Cannot reach Redis at redis:\/\/127.0.0.1:1/)
    } finally {
      await database.drop()
    }
  })

  it.each([1_500, 5_000])('survives a %i ms Redis restart mid-generation: exact text or a typed error for every reader, the article saved once, whole', async (outageMs) => {
    const redis = await privateRedis()
    const model = await startFakeModel()
    const database = await freshPostgresDatabase(postgresUrl()!)
    const db = await openDatabase({ databaseUrl: database.url })
    await db.migrate()
    await seed(db.prisma)
    await db.close()
    const env = { DATABASE_URL: database.url, REDIS_URL: redis.url, LLM_BASE_URL: model.url, LLM_MODEL: 'fake-model', GENERATION_LEASE_MS: '600' }
    const [a, b] = await Promise.all([spawnServer(env), spawnServer(env)])
    const gql = async <T,>(query: string, variables: Record<string, unknown> = {}) =>
      ((await (await fetch(`${a.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })).json()) as { data: T }).data
    try {
      const { artists } = await gql<{ artists: { edges: { node: { id: string } }[] } }>('{ artists(first: 2) { edges { node { id } } } }')
      const [first, second] = artists.edges.map((edge) => edge.node.id)
      // The model goes on writing through the outage and for a while after it.
      const tokens = Math.round((outageMs + 3_000) / 10)
      model.setDefault({ tokens, paceMs: 10 })
      const owner = tsubscribe(a.url, 'distinct', { artistId: first, regenerate: true })
      const [metadata] = await owner.received(3)
      const remote = [tsubscribe(b.url, 'distinct', { artistId: first }), tsubscribe(b.url, 'single', { artistId: first })]
      await Promise.all(remote.map((reader) => reader.received(3)))
      await redis.stop()
      await new Promise((resolve) => setTimeout(resolve, outageMs))
      await redis.start()
      const modelText = expected(tokens)
      const outcomes: string[] = []
      for (const events of await Promise.all([owner.done, ...remote.map((reader) => reader.done)])) {
        // Byte for byte the model's text, or the start of it before a typed error: never shifted or mixed.
        const text = joinChunks(events)
        const last = events.at(-1)!
        outcomes.push(`${last.__typename}${last.code ? ` ${last.code}` : ''} after ${text.length} of ${modelText.length} characters`)
        if (last.__typename === 'ArticleDone') expect(text).toBe(modelText)
        else {
          expect(last).toMatchObject({ __typename: 'ArticleError', code: expect.any(String), retryable: true })
          expect(modelText.startsWith(text)).toBe(true)
          // Resuming where it stopped gives exactly the rest.
          const rest = await tsubscribe(b.url, 'distinct', { artistId: first, resume: { generationId: metadata!.generationId, offset: text.length } }).done
          const chunks = rest.filter((event) => event.__typename === 'ArticleChunk')
          expect(chunks[0]?.offset).toBe(text.length)
          expect(text + chunks.map((chunk) => chunk.delta).join('')).toBe(modelText)
        }
      }
      console.log(`${outageMs} ms outage:\n  ${outcomes.join('\n  ')}`)
      expect(owner.events.at(-1)!.__typename).toBe('ArticleDone')
      expect(model.requests).toHaveLength(1)
      // The owner's finished article is the one saved: complete, whole, never replaced by a follower's rescue.
      const { article } = await gql<{ article: { status: string; markdown: string } }>('query ($id: ID!) { article(id: $id) { status markdown } }', { id: metadata!.generationId })
      expect(article).toEqual({ status: 'COMPLETE', markdown: modelText })
      expect(a.child.exitCode).toBeNull()
      expect(b.child.exitCode).toBeNull()
      model.setDefault({ tokens: 5 })
      await expect.poll(async () => (await tsubscribe(b.url, 'distinct', { artistId: second, regenerate: true }).done).at(-1)!.__typename, { timeout: 15_000 }).toBe('ArticleDone')
    } finally {
      await Promise.all([a.stop(), b.stop()])
      await redis.stop()
      await model.close()
      await database.drop()
    }
  })
})
