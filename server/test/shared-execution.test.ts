import { describe, expect, it } from 'vitest'
import { useModelServer } from './tserver.ts'
import { tsubscribe, type Event } from './tsubscribe.ts'

const { model, server, freshArtist } = useModelServer({ GENERATION_LINGER_MS: '300', RATE_LIMIT_GENERATIONS: '1000' })

const expected = (count: number) => Array.from({ length: count }, (_, i) => `word${i} `).join('')

/** A selection of chunks: only these fields, so a reader handed another group's result would show it. */
const selecting = (chunkFields: string) => `subscription ($artistId: ID!, $regenerate: Boolean, $resume: ResumeFrom) {
  generateArticle(artistId: $artistId, regenerate: $regenerate, resume: $resume) {
    __typename
    ... on ArticleMetadata { generationId }
    ... on ArticleChunk { ${chunkFields} }
    ... on ArticleDone { article { wordCount } }
  }
}`
const offsets = selecting('offset delta')
const sequence = selecting('seq delta')

async function counters() {
  const text = await (await fetch(`${server().url}/metrics`)).text()
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1])
  return { executed: value('portrait_subscription_executions_total'), delivered: value('portrait_subscription_events_delivered_total') }
}

const chunks = (events: Event[]) => events.filter((event) => event.__typename === 'ArticleChunk')

describe('readers of one generation share the execution of each event', () => {
  it('gives each reader exactly its own selection, in both modes, and the exact rest from a resume offset', async () => {
    model.setDefault({ tokens: 150, paceMs: 4 })
    const artistId = freshArtist()
    const first = tsubscribe(server().url, 'single', { artistId, regenerate: true }, offsets)
    const [metadata] = await first.received(20)
    const generationId = metadata!.generationId as string
    const same = tsubscribe(server().url, 'distinct', { artistId }, offsets)
    const other = tsubscribe(server().url, 'single', { artistId }, sequence)
    const otherDistinct = tsubscribe(server().url, 'distinct', { artistId }, sequence)
    const resumed = [3, 57, 101].map((offset) => ({ offset, reader: tsubscribe(server().url, offset % 2 ? 'distinct' : 'single', { artistId, resume: { generationId, offset } }, offsets) }))
    const [a, b, c, d] = await Promise.all([first.done, same.done, other.done, otherDistinct.done])
    const full = expected(150)
    for (const events of [a!, b!]) {
      expect(chunks(events).every((chunk) => Object.keys(chunk).sort().join() === '__typename,delta,offset')).toBe(true)
      expect(chunks(events).map((chunk) => chunk.delta).join('')).toBe(full)
      // Each chunk starts where the text before it ends.
      expect(chunks(events).every((chunk, i, all) => chunk.offset === all.slice(0, i).reduce((length, c) => length + c.delta.length, 0))).toBe(true)
    }
    for (const events of [c!, d!]) {
      expect(chunks(events).every((chunk) => Object.keys(chunk).sort().join() === '__typename,delta,seq')).toBe(true)
      expect(chunks(events).map((chunk) => chunk.delta).join('')).toBe(full)
      expect(chunks(events).map((chunk) => chunk.seq)).toEqual(chunks(events).map((_, i) => i))
    }
    for (const { offset, reader } of resumed) {
      const events = await reader.done
      expect(events[0]).toMatchObject({ __typename: 'ArticleMetadata', generationId })
      expect(chunks(events)[0]!.offset).toBe(offset)
      expect(chunks(events).map((chunk) => chunk.delta).join('')).toBe(full.slice(offset))
      expect(events.at(-1)).toMatchObject({ __typename: 'ArticleDone', article: { wordCount: 150 } })
    }
    expect(model.requests).toHaveLength(1)
  })

  it('executes each event once per selection, however many readers, and a reader who leaves disturbs no one', async () => {
    model.setDefault({ tokens: 120, paceMs: 8 })
    const artistId = freshArtist()
    const before = await counters()
    const first = tsubscribe(server().url, 'distinct', { artistId, regenerate: true }, offsets)
    await first.received(2)
    const readers = Array.from({ length: 23 }, (_, i) => tsubscribe(server().url, i % 2 ? 'single' : 'distinct', { artistId }, i < 16 ? offsets : sequence))
    const leaving = tsubscribe(server().url, 'single', { artistId }, offsets)
    await leaving.received(5)
    leaving.unsubscribe()
    const streams = await Promise.all([first.done, ...readers.map((reader) => reader.done)])
    for (const events of streams) {
      expect(chunks(events).map((chunk) => chunk.delta).join('')).toBe(expected(120))
      expect(events.at(-1)).toMatchObject({ __typename: 'ArticleDone', article: { wordCount: 120 } })
    }
    const after = await counters()
    const delivered = after.delivered - before.delivered
    const executed = after.executed - before.executed
    // 25 readers in two groups: about two executions per event, where each reader would cost one.
    const events = 120 + 2
    expect(delivered).toBeGreaterThanOrEqual(24 * events)
    expect(executed).toBeGreaterThanOrEqual(2 * events)
    expect(executed).toBeLessThan(4 * events)
  })
})
