import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { useModelServer } from './tserver.ts'
import { tsubscribe } from './tsubscribe.ts'

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
const retainedHeap = () => {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

const { model, server, freshArtist } = useModelServer({
  RATE_LIMIT_GENERATIONS: '100000',
  // Finished generations are kept for late readers (10 minutes by default, ~10 KB each): what
  // stays past a second is what would leak.
  GENERATION_RETENTION_MS: '1000',
})

describe('subscribe and cancel, over and over', () => {
  it('leaves no running generation, no open upstream socket and no growing heap after 1,000 cycles', async () => {
    const artistId = freshArtist()
    model.setDefault({ tokens: 1000, paceMs: 2 })
    const cycle = async (i: number) => {
      const reader = tsubscribe(server().url, i % 2 ? 'single' : 'distinct', { artistId, regenerate: true })
      const [metadata] = await reader.received(2)
      await server().gql('mutation ($id: ID!) { cancelGeneration(id: $id) }', { id: metadata!.generationId })
      const events = await reader.done
      expect(events.at(-1)).toMatchObject({ code: 'CANCELLED' })
    }
    for (let i = 0; i < 200; i++) await cycle(i)
    const warm = retainedHeap()
    for (let i = 200; i < 1000; i++) await cycle(i)
    // Upstream sockets close as the cancels land: give the last one a moment.
    await expect.poll(() => model.requests.filter((r) => r.outcome === 'open').length).toBe(0)
    const after = retainedHeap()

    expect(model.requests).toHaveLength(1000)
    expect(model.requests.every((r) => r.outcome === 'client-closed')).toBe(true)
    const active = await server().gql<{ activeGenerations: unknown[] }>('{ activeGenerations { id } }')
    expect(active.data!.activeGenerations).toEqual([])
    console.log(`heap after 200 cycles ${(warm / 1e6).toFixed(1)} MB, after 1000 ${(after / 1e6).toFixed(1)} MB`)
    expect(after - warm).toBeLessThan(8_000_000)
  }, 240_000)
})
