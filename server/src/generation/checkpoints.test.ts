import { describe, expect, it } from 'vitest'
import { createCheckpointQueue } from './checkpoints.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('the checkpoint queue', () => {
  it('runs the saves of many generations one at a time, each at most once in the queue, resting between them', async () => {
    const queue = createCheckpointQueue({ rest: 1 })
    const owners = Array.from({ length: 20 }, () => ({}))
    let running = 0
    let most = 0
    const runs = new Map<object, number>()
    const save = (owner: object) => async () => {
      running++
      most = Math.max(most, running)
      runs.set(owner, (runs.get(owner) ?? 0) + 1)
      await sleep(10)
      running--
    }
    const started = performance.now()
    // Every generation asks three times while the saves run: one that is waiting saves once (the
    // first had started, so it is queued once more).
    for (let round = 0; round < 3; round++) for (const owner of owners) queue.request(owner, save(owner))
    queue.cancel(owners[19]!)
    while (queue.length) await sleep(5)
    await sleep(30)
    expect(most).toBe(1)
    expect(owners.slice(1, 19).map((owner) => runs.get(owner))).toEqual(Array(18).fill(1))
    expect(runs.get(owners[0]!)).toBe(2)
    expect(runs.has(owners[19]!)).toBe(false)
    // 20 saves of 10 ms, each followed by a rest as long: about 400 ms, not 200.
    expect(performance.now() - started).toBeGreaterThan(20 * 10 * 1.8)
  })
})
