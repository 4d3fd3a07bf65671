/**
 * The contract of the stores where finished texts wait for the database, run against both
 * implementations: what one instance holds, another reads back whole (dates included) by id or
 * by request key, and a text dropped once saved never hides a newer one held for the same key.
 */
import { Redis } from 'ioredis'
import { afterAll, describe, expect, it } from 'vitest'
import { metadataEvent } from '../events.ts'
import type { UnsavedStore, UnsavedText } from './interfaces.ts'
import { createMemoryUnsaved } from './memory-unsaved.ts'
import { createRedisUnsaved } from './redis-unsaved.ts'

const startedAt = new Date('2026-11-22T10:00:00.000Z')
const artist = { id: 'a1', slug: 'bjork', name: 'Björk', sortName: 'Björk', createdAt: startedAt, updatedAt: startedAt } as never

function text(id: string, key = 'a1:en:SHORT:NEUTRAL'): UnsavedText {
  return {
    id,
    key,
    metadata: metadataEvent({
      generationId: id, artist, model: 'm', offline: false, options: { language: 'en', length: 'SHORT', tone: 'NEUTRAL' },
      targetWords: 600, fromSaved: false, startedAt,
    }),
    markdown: `# ${id}\n\nText of ${id}.`,
    status: 'COMPLETE',
    finishReason: 'stop',
    promptTokens: 10,
    completionTokens: 20,
    reasoningTokens: null,
    firstTokenMs: 5,
    durationMs: 900,
    heldAt: 1_700_000_000_000,
  }
}

const clients: Redis[] = []
afterAll(() => clients.forEach((client) => client.disconnect()))

const backends: [string, (() => UnsavedStore) | null][] = [
  ['memory', () => createMemoryUnsaved()],
  [
    'redis',
    process.env.REDIS_URL
      ? () => {
          const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 })
          clients.push(redis)
          return createRedisUnsaved({ redis, prefix: `portrait-unsaved-${process.pid}-${Math.random().toString(36).slice(2)}:`, retentionMs: 60_000 })
        }
      : null,
  ],
]

describe.each(backends)('held texts (%s)', (_name, make) => {
  it.runIf(make)('gives back what was held, by id and by key, until it is dropped', async () => {
    const store = make!()
    expect(await store.byKey('a1:en:SHORT:NEUTRAL')).toBeUndefined()
    await store.hold(text('g1'))
    expect(await store.get('g1')).toEqual(text('g1'))
    expect(await store.byKey('a1:en:SHORT:NEUTRAL')).toEqual(text('g1'))
    // A newer text for the same request replaces the older one for that key; both wait to be saved.
    await store.hold(text('g2'))
    expect((await store.byKey('a1:en:SHORT:NEUTRAL'))?.id).toBe('g2')
    expect((await store.all()).map((held) => held.id).sort()).toEqual(['g1', 'g2'])
    await store.drop(text('g1'))
    expect(await store.get('g1')).toBeUndefined()
    expect((await store.byKey('a1:en:SHORT:NEUTRAL'))?.id).toBe('g2')
    await store.drop(text('g2'))
    expect(await store.byKey('a1:en:SHORT:NEUTRAL')).toBeUndefined()
    expect(await store.all()).toEqual([])
  })
})
