import { describe, expect, it } from 'vitest'
import { useModelServer } from './tserver.ts'
import { joinChunks, tsubscribe, type Event } from './tsubscribe.ts'

const { model, server, freshArtist } = useModelServer({
  GENERATION_LINGER_MS: '300',
  RATE_LIMIT_GENERATIONS: '1000',
})

const expected = (count: number) => Array.from({ length: count }, (_, i) => `word${i} `).join('')
/** The text carried by a stream that may start at any offset. */
const textFrom = (events: Event[]) => events.filter((e) => e.__typename === 'ArticleChunk').map((e) => e.delta).join('')

describe('one generation, many readers', () => {
  it('gives 50 readers of one artist the same text from a single upstream request', async () => {
    model.setDefault({ tokens: 120, paceMs: 5 })
    const artistId = freshArtist()
    const readers = Array.from({ length: 50 }, (_, i) => tsubscribe(server().url, i % 2 ? 'single' : 'distinct', { artistId, regenerate: i === 0 }))
    const streams = await Promise.all(readers.map((reader) => reader.done))
    expect(model.requests).toHaveLength(1)
    const ids = new Set(streams.map((events) => events[0]!.generationId))
    expect(ids.size).toBe(1)
    for (const events of streams) {
      expect(joinChunks(events)).toBe(expected(120))
      expect(events.at(-1)).toMatchObject({ __typename: 'ArticleDone' })
    }
  })

  it('resumes at any offset during and after the generation with no gap and no duplicate', async () => {
    model.setDefault({ tokens: 200, paceMs: 5 })
    const artistId = freshArtist()
    const first = tsubscribe(server().url, 'single', { artistId, regenerate: true })
    const [metadata] = await first.received(40)
    const generationId = metadata!.generationId
    const full = expected(200)
    const during = [0, 1, 7, 55, 123, 150, 400]
    const resumed = await Promise.all(
      during.map((offset) => tsubscribe(server().url, 'distinct', { artistId, resume: { generationId, offset } }).done),
    )
    during.forEach((offset, i) => {
      const events = resumed[i]!
      expect(events[0]).toMatchObject({ __typename: 'ArticleMetadata', generationId, fromSaved: false })
      expect(events[1]).toMatchObject({ offset })
      expect(textFrom(events)).toBe(full.slice(offset))
    })
    await first.done
    expect(model.requests).toHaveLength(1)
    for (const offset of [0, 3, 999, full.length - 1, full.length]) {
      const events = await tsubscribe(server().url, 'single', { artistId, resume: { generationId, offset } }).done
      expect(events[0]).toMatchObject({ generationId, fromSaved: true })
      expect(textFrom(events)).toBe(full.slice(offset))
      expect(events.at(-1)).toMatchObject({ __typename: 'ArticleDone' })
    }
    expect(model.requests).toHaveLength(1)
  })

  it('keeps a generation without readers running for the linger, then aborts it upstream', async () => {
    model.setDefault({ tokens: 1000, paceMs: 10 })
    const reader = tsubscribe(server().url, 'distinct', { artistId: freshArtist(), regenerate: true })
    const [metadata] = await reader.received(3)
    const left = performance.now()
    reader.unsubscribe()
    await new Promise((resolve) => setTimeout(resolve, 150))
    expect(model.requests[0]!.outcome).toBe('open')
    const upstream = await model.ended(0)
    expect(upstream.outcome).toBe('client-closed')
    expect(upstream.endedAt! - left).toBeGreaterThanOrEqual(290)
    expect(upstream.endedAt! - left).toBeLessThan(600)
    const { data } = await server().gql<{ generation: { status: string } }>('query ($id: ID!) { generation(id: $id) { status } }', { id: metadata!.generationId })
    expect(data!.generation.status).toBe('CANCELLED')
  })

  it('lets a reader that reconnects within the linger continue the same generation', async () => {
    model.setDefault({ tokens: 80, paceMs: 5 })
    const artistId = freshArtist()
    const reader = tsubscribe(server().url, 'single', { artistId, regenerate: true })
    const before = await reader.received(10)
    const generationId = before[0]!.generationId
    const offset = joinChunks(before).length
    reader.unsubscribe()
    await new Promise((resolve) => setTimeout(resolve, 100))
    const again = await tsubscribe(server().url, 'single', { artistId, resume: { generationId, offset } }).done
    expect(again[0]).toMatchObject({ generationId })
    expect(joinChunks(before) + textFrom(again)).toBe(expected(80))
    expect(model.requests).toHaveLength(1)
  })

  it('lets a poller follow the text with Query.generation and lists running generations', async () => {
    model.setDefault({ tokens: 60, paceMs: 10 })
    const reader = tsubscribe(server().url, 'distinct', { artistId: freshArtist(), regenerate: true })
    const [metadata] = await reader.received(5)
    const id = metadata!.generationId
    const active = await server().gql<{ activeGenerations: { id: string; status: string; readers: number }[] }>('{ activeGenerations { id status readers } }')
    expect(active.data!.activeGenerations).toContainEqual({ id, status: 'RUNNING', readers: 1 })
    let text = ''
    for (let i = 0; i < 200; i++) {
      const { data } = await server().gql<{ generation: { status: string; text: string; writtenLength: number } }>(
        'query ($id: ID!, $from: Int) { generation(id: $id) { status writtenLength text(from: $from) } }',
        { id, from: text.length },
      )
      text += data!.generation.text
      expect(text.length).toBe(data!.generation.writtenLength)
      if (data!.generation.status !== 'RUNNING') break
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(text).toBe(expected(60))
    await reader.done
  })
})

describe('following without an event stream', () => {
  const start = `mutation ($artistId: ID!) { startGeneration(artistId: $artistId, regenerate: true) {
    __typename ... on Generation { id status } ... on ArticleError { code message } } }`
  const poll = 'query ($id: ID!, $from: Int) { generation(id: $id) { status writtenLength text(from: $from) } }'

  it('starts a generation by mutation and follows it by polling, which keeps it alive past the linger', async () => {
    model.setDefault({ tokens: 60, paceMs: 20 })
    const { data } = await server().gql<{ startGeneration: { __typename: string; id: string; status: string } }>(start, { artistId: freshArtist() })
    expect(data!.startGeneration).toMatchObject({ __typename: 'Generation', status: 'RUNNING' })
    const id = data!.startGeneration.id
    let text = ''
    let status = 'RUNNING'
    for (let i = 0; i < 300 && status === 'RUNNING'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100))
      const polled = await server().gql<{ generation: { status: string; text: string } }>(poll, { id, from: text.length })
      text += polled.data!.generation.text
      status = polled.data!.generation.status
    }
    // 60 tokens at 20 ms take over a second: four times the 300 ms linger.
    expect(status).toBe('COMPLETE')
    expect(text).toBe(expected(60))
    expect(model.requests).toHaveLength(1)
  })

  it('lets a generation nobody polls any more stop after the linger', async () => {
    model.setDefault({ tokens: 1000, paceMs: 10 })
    const { data } = await server().gql<{ startGeneration: { id: string } }>(start, { artistId: freshArtist() })
    // A poll keeps it for 3 s at least, whatever the linger, then the linger runs.
    const upstream = await model.ended(0, 8_000)
    expect(upstream.outcome).toBe('client-closed')
    const polled = await server().gql<{ generation: { status: string } }>(poll, { id: data!.startGeneration.id, from: 0 })
    expect(polled.data!.generation.status).toBe('CANCELLED')
  })

  it('answers a refused start with the error', async () => {
    const { data } = await server().gql<{ startGeneration: { __typename: string; code: string } }>(start, { artistId: '00000000-0000-4000-8000-000000000000' })
    expect(data!.startGeneration).toMatchObject({ __typename: 'ArticleError', code: 'ARTIST_NOT_FOUND' })
  })
})
