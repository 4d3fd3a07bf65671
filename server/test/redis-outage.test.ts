import { openDatabase, seed } from '@portrait/prisma'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeModel, type FakeModel } from './fake-model.ts'
import { spawnServer, type ServerProcess } from './tprocess.ts'
import { postgresBin, privatePostgres, type PrivatePostgres } from './tpostgres.ts'
import { privateRedis, type PrivateRedis } from './tredis.ts'
import { joinChunks, sseModes, tsubscribe } from './tsubscribe.ts'

const expected = (count: number) => Array.from({ length: count }, (_, i) => `word${i} `).join('')

describe.runIf(postgresBin())('Redis shut down under two instances', () => {
  let model: FakeModel
  let database: PrivatePostgres
  let redis: PrivateRedis
  let instances: ServerProcess[] = []
  let artistIds: string[] = []

  const gql = async <T,>(instance: ServerProcess, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${instance.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })
    return ((await response.json()) as { data: T }).data
  }

  beforeAll(async () => {
    ;[model, database, redis] = await Promise.all([startFakeModel(), privatePostgres(), privateRedis()])
    const db = await openDatabase({ databaseUrl: database.url })
    await db.migrate()
    await seed(db.prisma)
    await db.close()
    const env = { DATABASE_URL: database.url, REDIS_URL: redis.url, LLM_BASE_URL: model.url, LLM_MODEL: 'fake-model', GENERATION_LEASE_MS: '600' }
    instances = await Promise.all([spawnServer(env), spawnServer(env)])
    const { artists } = await gql<{ artists: { edges: { node: { id: string } }[] } }>(instances[0]!, '{ artists(first: 3) { edges { node { id } } } }')
    artistIds = artists.edges.map((edge) => edge.node.id)
  })
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()))
    await model?.close()
    await redis?.stop()
    await database?.remove()
  })

  it('replays saved portraits on both instances, reads them by query, and refuses only what needs the other instances, typed', async () => {
    const [a, b] = instances as [ServerProcess, ServerProcess]
    model.setDefault({ tokens: 40 })
    const written = await tsubscribe(a.url, 'distinct', { artistId: artistIds[0] }).done
    expect(written.at(-1)).toMatchObject({ __typename: 'ArticleDone' })
    const generationId = written[0]!.generationId as string
    // Once its generation has let go of it, the portrait is served from the database.
    await expect.poll(async () => (await tsubscribe(a.url, 'distinct', { artistId: artistIds[0] }).done)[0]!.fromSaved).toBe(true)

    await redis.stop()
    for (const instance of [a, b]) {
      for (const mode of sseModes) {
        const replayed = await tsubscribe(instance.url, mode, { artistId: artistIds[0] }).done
        expect(replayed[0]).toMatchObject({ __typename: 'ArticleMetadata', generationId, fromSaved: true })
        expect(joinChunks(replayed)).toBe(expected(40))
        expect(replayed.at(-1)).toMatchObject({ __typename: 'ArticleDone', article: { id: generationId, status: 'COMPLETE' } })
        const resumed = await tsubscribe(instance.url, mode, { artistId: artistIds[0], resume: { generationId, offset: 100 } }).done
        expect(joinChunks(resumed.map((event) => (event.__typename === 'ArticleChunk' ? { ...event, offset: event.offset - 100 } : event)))).toBe(expected(40).slice(100))
        expect(resumed.at(-1)).toMatchObject({ __typename: 'ArticleDone' })
      }
      const { article } = await gql<{ article: { status: string; markdown: string } }>(instance, 'query ($id: ID!) { article(id: $id) { status markdown } }', { id: generationId })
      expect(article).toEqual({ status: 'COMPLETE', markdown: expected(40) })
      // A portrait not written yet may be running on the other instance, which only Redis knows.
      const fresh = await tsubscribe(instance.url, 'distinct', { artistId: artistIds[1] }).done
      expect(fresh).toEqual([expect.objectContaining({ __typename: 'ArticleError', code: 'CLUSTER_UNAVAILABLE', retryable: true })])
    }
    expect(model.requests).toHaveLength(1)
  })
})
