/**
 * The contract of the cluster layer's two roles (interfaces.ts), below the hub's: the store of who
 * runs which generation, and the transport of their events and signals. Run on both
 * implementations, in memory and on Redis, with two instances' worth of connections each.
 */
import { Redis } from 'ioredis'
import { afterEach, describe, expect, it } from 'vitest'
import type { EventTransport, GenerationRecord, GenerationStore, LogEntry } from './interfaces.ts'
import { createMemoryStore } from './memory-store.ts'
import { createMemoryTransport } from './memory-transport.ts'
import { createRedisStore } from './redis-store.ts'
import { createRedisTransport } from './redis-transport.ts'
import { testMetadata } from './test-metadata.ts'

// Long enough that a loaded machine's pauses never pass for a lapsed lease.
const leaseMs = 1000
type Roles = { store: GenerationStore; transport: EventTransport }
interface Backend {
  instances: [Roles, Roles]
  close(): Promise<void>
}

function memory(): Backend {
  const store = createMemoryStore({ leaseMs, retentionMs: 60_000 })
  const transport = createMemoryTransport()
  return { instances: [{ store, transport }, { store, transport }], close: () => transport.close() }
}

function redis(url: string): Backend {
  const prefix = `portrait-roles-${process.pid}-${Math.random().toString(36).slice(2)}:`
  const clients: Redis[] = []
  const open = () => {
    const client = new Redis(url, { maxRetriesPerRequest: 1 })
    clients.push(client)
    return client
  }
  const instance = (): Roles => {
    const client = open()
    return { store: createRedisStore({ redis: client, prefix, leaseMs }), transport: createRedisTransport({ redis: client, subscriber: open(), blocking: open(), prefix }) }
  }
  return {
    instances: [instance(), instance()],
    async close() {
      const client = open()
      const keys = await client.keys(`${prefix}*`)
      if (keys.length) await client.del(...keys)
      for (const each of clients) each.disconnect()
    },
  }
}

const record = (key: string, owner: string): GenerationRecord => {
  const id = crypto.randomUUID()
  return {
    id,
    key,
    owner,
    metadata: testMetadata(id),
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const until = async (condition: () => boolean | Promise<boolean>, ms = 3000) => {
  const deadline = Date.now() + ms
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await sleep(10)
  }
}

const backends: [string, () => Backend][] = [['in memory', memory]]
if (process.env.REDIS_URL) backends.push(['on Redis', () => redis(process.env.REDIS_URL!)])

describe.each(backends)('the cluster roles, %s', (_name, make) => {
  let backend: Backend | undefined
  afterEach(async () => {
    await backend?.close()
    backend = undefined
  })

  it('gives a key to one instance at a time, for as long as its lease is renewed, and keeps the record after release', async () => {
    backend = make()
    const [a, b] = backend.instances
    const first = record('k', 'a')
    expect(await a.store.claim(first)).toBeNull()
    expect(await b.store.claim(record('k', 'b'))).toBe(first.id)
    expect(await b.store.idOf('k')).toBe(first.id)
    for (let beat = 0; beat < 2; beat++) {
      await sleep(leaseMs / 2)
      await a.store.heartbeat([first])
      expect(await b.store.alive(first.id)).toBe(true)
    }
    expect(await b.store.runningCount()).toBe(1)
    // Not renewed: the lease lapses, and another instance may take the key.
    await sleep(leaseMs * 1.5)
    expect(await b.store.alive(first.id)).toBe(false)
    const second = record('k', 'b')
    expect(await b.store.claim(second)).toBeNull()
    await b.store.release(second)
    expect(await a.store.idOf('k')).toBeUndefined()
    expect((await a.store.get(second.id))?.key).toBe('k')
  })

  it('sums readers over instances, keeps a poll for its time, and gives a rescue to one instance', async () => {
    backend = make()
    const [a, b] = backend.instances
    const held = record('k', 'a')
    await a.store.claim(held)
    await a.store.setReaders(held.id, 'a', 2)
    await b.store.setReaders(held.id, 'b', 3)
    expect(await a.store.readers(held.id)).toBe(5)
    await b.store.setReaders(held.id, 'b', 0)
    expect(await a.store.readers(held.id)).toBe(2)
    await b.store.markPolled(held.id, 300)
    expect(await a.store.polled(held.id)).toBe(true)
    await until(async () => !(await a.store.polled(held.id)), 1000)
    const takes = await Promise.all([a.store.takeRescue(held.id, 'a'), b.store.takeRescue(held.id, 'b')])
    expect(takes.filter(Boolean)).toHaveLength(1)
  })

  it('carries an owner’s entries in order to another instance, and signals to every instance', async () => {
    backend = make()
    const [a, b] = backend.instances
    const id = crypto.randomUUID()
    const early: LogEntry = { kind: 'chunk', offset: 0, delta: 'early ' }
    await a.transport.publish(id, [early])
    const seen: LogEntry[] = []
    const subscription = await b.transport.subscribe(id, { entries: (entries) => void seen.push(...entries), lost: () => {} })
    // A transport that keeps the log delivers what came before the subscription; one that does not
    // says so, and the hub asks the owner to resend.
    expect(seen).toEqual(b.transport.keepsLog ? [early] : [])
    const later: LogEntry[] = Array.from({ length: 50 }, (_, i) => ({ kind: 'chunk', offset: 6 + i, delta: 'x' }))
    for (const entry of later) await a.transport.publish(id, [entry])
    await until(() => seen.length === (b.transport.keepsLog ? 51 : 50))
    expect(seen.slice(-50)).toEqual(later)
    const signals: string[] = []
    a.transport.onSignal((signalled, signal) => signalled === id && signals.push(`a:${signal}`))
    b.transport.onSignal((signalled, signal) => signalled === id && signals.push(`b:${signal}`))
    await b.transport.signal(id, 'cancel')
    await until(() => signals.length >= 2)
    expect(signals.sort()).toEqual(['a:cancel', 'b:cancel'])
    subscription.stop()
  })
})
