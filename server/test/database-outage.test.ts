import { openDatabase, seed } from '@portrait/prisma'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeModel, type FakeModel } from './fake-model.ts'
import { spawnServer, type ServerProcess } from './tprocess.ts'
import { postgresBin, privatePostgres, type PrivatePostgres } from './tpostgres.ts'
import { privateRedis, type PrivateRedis } from './tredis.ts'
import { joinChunks, tsubscribe } from './tsubscribe.ts'

const expected = (count: number) => Array.from({ length: count }, (_, i) => `word${i} `).join('')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The rows saved for an artist, read straight from the database. */
async function rowsOf(url: string, artistId: string) {
  const db = await openDatabase({ databaseUrl: url })
  try {
    return await db.prisma.article.findMany({ where: { artistId }, select: { id: true, status: true, markdown: true } })
  } finally {
    await db.close()
  }
}

/** The id of the artist at `index` in the collection's order. */
async function artistAt(server: ServerProcess, index: number): Promise<string> {
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ artists(first: 5) { edges { node { id } } } }' }) })
  return ((await response.json()) as { data: { artists: { edges: { node: { id: string } }[] } } }).data.artists.edges[index]!.node.id
}

/** Holds the model's last words until the test lets them go: the final save then meets the database as the test left it. */
function heldEnding(model: FakeModel, tokens: number) {
  let open!: () => void
  const gate = new Promise<void>((resolve) => (open = resolve))
  model.setDefault({ tokens, paceMs: 2, gate: { before: tokens, open: gate } })
  return open
}

describe.runIf(postgresBin())('PostgreSQL stopped across the final save of a portrait', () => {
  let model: FakeModel
  let database: PrivatePostgres
  let redis: PrivateRedis | undefined
  const servers: ServerProcess[] = []

  beforeAll(async () => {
    ;[model, database] = await Promise.all([startFakeModel(), privatePostgres()])
    const db = await openDatabase({ databaseUrl: database.url })
    await db.migrate()
    await seed(db.prisma)
    await db.close()
  })
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()))
    await model?.close()
    await redis?.stop()
    await database?.remove()
  })

  const env = (extra: Record<string, string> = {}) => ({ DATABASE_URL: database.url, LLM_BASE_URL: model.url, LLM_MODEL: 'fake-model', LLM_MAX_RETRIES: '0', ...extra })

  it('within the retry window: the reader gets ArticleDone, the portrait is saved COMPLETE once, the model called once', async () => {
    const server = await spawnServer(env({ GENERATION_SAVE_RETRY_MS: '60000' }))
    servers.push(server)
    const artistId = await artistAt(server, 0)
    model.requests.length = 0
    const release = heldEnding(model, 300)
    const reader = tsubscribe(server.url, 'distinct', { artistId })
    await reader.received(1 + 300)
    await database.stop()
    release()
    await model.ended(0)
    await sleep(3_000)
    await database.start()
    const events = await reader.done
    expect(joinChunks(events)).toBe(expected(300))
    expect(events.at(-1)).toMatchObject({ __typename: 'ArticleDone', article: { status: 'COMPLETE', markdown: expected(300) } })
    expect(await rowsOf(database.url, artistId)).toEqual([{ id: events[0]!.generationId, status: 'COMPLETE', markdown: expected(300) }])
    // Asked again, it is the same portrait (from memory a moment more, then from the database): no second model call.
    const again = await tsubscribe(server.url, 'single', { artistId }).done
    expect(again[0]).toMatchObject({ generationId: events[0]!.generationId })
    expect(again.at(-1)).toMatchObject({ __typename: 'ArticleDone' })
    expect(model.requests).toHaveLength(1)
  })

  it('beyond the window: a typed retryable error, the text held and served on every instance, saved COMPLETE once the database is back', async () => {
    redis = await privateRedis()
    const shared = env({ REDIS_URL: redis.url, GENERATION_SAVE_RETRY_MS: '1500', GENERATION_LEASE_MS: '600' })
    const [a, b] = await Promise.all([spawnServer(shared), spawnServer(shared)])
    servers.push(a, b)
    const artistId = await artistAt(a, 1)
    model.requests.length = 0
    const release = heldEnding(model, 300)
    const reader = tsubscribe(a.url, 'distinct', { artistId })
    await reader.received(1 + 300)
    await database.stop()
    release()
    const events = await reader.done
    const generationId = events[0]!.generationId
    expect(joinChunks(events)).toBe(expected(300))
    expect(events.at(-1)).toMatchObject({ __typename: 'ArticleError', code: 'NOT_SAVED_YET', retryable: true })

    // The database is still down: asking again, here or elsewhere, serves the held text, without the model.
    for (const server of [a, b]) {
      const again = await tsubscribe(server.url, 'single', { artistId }).done
      expect(again[0]).toMatchObject({ generationId })
      expect(joinChunks(again)).toBe(expected(300))
      expect(again.at(-1)).toMatchObject({ __typename: 'ArticleError', code: 'NOT_SAVED_YET', retryable: true })
    }
    expect(model.requests).toHaveLength(1)

    await database.start()
    await expect.poll(async () => (await rowsOf(database.url, artistId)).map((row) => row.status), { timeout: 30_000, interval: 250 }).toEqual(['COMPLETE'])
    expect(await rowsOf(database.url, artistId)).toEqual([{ id: generationId, status: 'COMPLETE', markdown: expected(300) }])
    for (const server of [a, b]) {
      const saved = await tsubscribe(server.url, 'distinct', { artistId }).done
      expect(saved[0]).toMatchObject({ generationId, fromSaved: true })
      expect(saved.at(-1)).toMatchObject({ __typename: 'ArticleDone', article: { id: generationId, status: 'COMPLETE', markdown: expected(300) } })
    }
    expect(model.requests).toHaveLength(1)
  })
})
