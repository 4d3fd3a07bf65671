import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeModel, type FakeModel } from './fake-model.ts'
import { spawnServer } from './tprocess.ts'
import { seededDataDir } from './tserver.ts'
import { tsubscribe } from './tsubscribe.ts'

let model: FakeModel
let dir: { dataDir: string; remove: () => void }
beforeAll(async () => {
  model = await startFakeModel()
  dir = await seededDataDir()
})
afterAll(async () => {
  await model?.close()
  dir?.remove()
})

const env = () => ({ DATA_DIR: dir.dataDir, LLM_BASE_URL: model.url, LLM_MODEL: 'fake-model', LLM_MAX_RETRIES: '0' })

describe('a server killed mid-article (SIGKILL, OOM, power loss)', () => {
  it('keeps the text up to its last checkpoint: after a restart the article is FAILED with that text, and resumable', async () => {
    let server = await spawnServer(env())
    const gql = async <T,>(query: string, variables: Record<string, unknown> = {}) => {
      const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })
      return ((await response.json()) as { data: T }).data
    }
    const { artists } = await gql<{ artists: { edges: { node: { id: string } }[] } }>('{ artists(first: 1) { edges { node { id } } } }')
    const artistId = artists.edges[0]!.node.id
    // 'word123 ' is 8 characters, 40 of them a second: about 320 characters a second.
    model.setDefault({ tokens: 2_000, paceMs: 25 })
    const reader = tsubscribe(server.url, 'distinct', { artistId, regenerate: true })
    const [metadata] = await reader.received(1)
    await reader.received(200)
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    await server.stop('SIGKILL')
    await reader.done.catch(() => {})
    const streamed = reader.events.filter((event) => event.__typename === 'ArticleChunk').map((event) => event.delta as string).join('')

    server = await spawnServer(env())
    try {
      const { article } = await gql<{ article: { status: string; markdown: string } | null }>('query ($id: ID!) { article(id: $id) { status markdown } }', {
        id: metadata!.generationId,
      })
      expect(article).not.toBeNull()
      expect(article!.status).toBe('FAILED')
      expect(article!.markdown.length).toBeGreaterThan(0)
      expect(streamed.startsWith(article!.markdown)).toBe(true)
      const lost = streamed.length - article!.markdown.length
      console.log(`streamed ${streamed.length} characters, kept ${article!.markdown.length}, lost ${lost} (the checkpoint window, 2 s, is about 640 at this pace)`)
      expect(lost).toBeLessThan(2.5 * 320 + 100)

      // Resuming it serves the kept text, then says it failed, retryably.
      const resumed = await tsubscribe(server.url, 'single', { artistId, resume: { generationId: metadata!.generationId, offset: 0 } }).done
      expect(resumed[0]).toMatchObject({ __typename: 'ArticleMetadata', fromSaved: true })
      expect(resumed.filter((event) => event.__typename === 'ArticleChunk').map((event) => event.delta).join('')).toBe(article!.markdown)
      expect(resumed.at(-1)).toMatchObject({ __typename: 'ArticleError', retryable: true })
    } finally {
      await server.stop()
    }
  })

  it('shows the article WRITING with its checkpointed text while it is written, then ends it with the whole text', async () => {
    const server = await spawnServer({ ...env(), GENERATION_CHECKPOINT_MS: '200' })
    try {
      const gql = async <T,>(query: string, variables: Record<string, unknown> = {}) => {
        const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })
        return ((await response.json()) as { data: T }).data
      }
      const { artists } = await gql<{ artists: { edges: { node: { id: string } }[] } }>('{ artists(first: 2) { edges { node { id } } } }')
      model.setDefault({ tokens: 150, paceMs: 10 })
      const reader = tsubscribe(server.url, 'single', { artistId: artists.edges[1]!.node.id, regenerate: true })
      const [metadata] = await reader.received(60)
      const read = () => gql<{ article: { status: string; markdown: string } | null }>('query ($id: ID!) { article(id: $id) { status markdown } }', { id: metadata!.generationId })
      await expect.poll(async () => (await read()).article?.status).toBe('WRITING')
      const during = (await read()).article!
      const events = await reader.done
      const text = events.filter((event) => event.__typename === 'ArticleChunk').map((event) => event.delta as string).join('')
      expect(text.startsWith(during.markdown)).toBe(true)
      expect(during.markdown.length).toBeLessThan(text.length)
      expect(events.at(-1)).toMatchObject({ __typename: 'ArticleDone', article: { status: 'COMPLETE', markdown: text } })
      expect((await read()).article).toEqual({ status: 'COMPLETE', markdown: text })
      // Dated from the generation's start, whether or not a checkpoint wrote the row first.
      const { article } = await gql<{ article: { createdAt: string } }>('query ($id: ID!) { article(id: $id) { createdAt } }', { id: metadata!.generationId })
      expect(article.createdAt).toBe(new Date(metadata!.startedAt).toISOString())
    } finally {
      await server.stop()
    }
  })
})
