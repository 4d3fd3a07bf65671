/**
 * The hub's contract. On one process, the core alone (no cluster layer). Across instances, the
 * core with its cluster layer over both implementations of the layer's roles: the in-memory store
 * and transport (several hubs in one process sharing them) and the Redis ones (each hub with its
 * own connections, as separate instances have). Whatever backs it, a cluster of hubs must run one
 * generation per key and give every reader, anywhere, the owner's text byte for byte.
 */
import { Redis } from 'ioredis'
import { afterEach, describe, expect, it } from 'vitest'
import { errorEvent } from '../events.ts'
import type { GenerationView } from '../generation.ts'
import { createCluster, type ClusterOptions } from './cluster.ts'
import { createHub, type GenerationHub, type HubOptions, type Production } from './hub.ts'
import type { EventTransport, GenerationStore } from './interfaces.ts'
import { createMemoryStore } from './memory-store.ts'
import { createMemoryTransport } from './memory-transport.ts'
import { createRedisStore } from './redis-store.ts'
import { createRedisTransport } from './redis-transport.ts'
import { testMetadata } from './test-metadata.ts'

const leaseMs = 300

interface Backend {
  /** The roles for one more instance of the cluster. */
  instance(): { store: GenerationStore; transport: EventTransport }
  close(): Promise<void>
}

function memoryBackend(): Backend {
  const store = createMemoryStore({ leaseMs })
  const transport = createMemoryTransport()
  return { instance: () => ({ store, transport }), close: () => transport.close() }
}

function redisBackend(url: string): Backend {
  const prefix = `portrait-contract-${process.pid}-${Math.random().toString(36).slice(2)}:`
  const clients: Redis[] = []
  const open = () => {
    const client = new Redis(url, { maxRetriesPerRequest: 1 })
    clients.push(client)
    return client
  }
  return {
    instance: () => {
      const redis = open()
      return {
        store: createRedisStore({ redis, prefix, leaseMs }),
        transport: createRedisTransport({ redis, subscriber: open(), blocking: open(), prefix }),
      }
    },
    async close() {
      const redis = open()
      const keys = await redis.keys(`${prefix}*`)
      if (keys.length) await redis.del(...keys)
      for (const client of clients) client.disconnect()
    },
  }
}

/**
 * An instance's roles, which can be made to die as a killed process does: from then on, nothing
 * it asks of the store or the transport ever happens. Closing it leaves shared roles to the backend.
 */
function mortal({ store, transport }: { store: GenerationStore; transport: EventTransport }) {
  let dead = false
  let late = false
  const guard = <T extends object>(target: T, keep: string[] = []) =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value = Reflect.get(object, property, receiver) as unknown
        if (typeof value !== 'function' || keep.includes(String(property))) return value
        const stalled = () => dead || (late && property === 'heartbeat')
        return (...args: unknown[]) => (stalled() ? new Promise(() => {}) : (value as (...a: unknown[]) => unknown).apply(object, args))
      },
    })
  const ownTransport: EventTransport = { ...transport, keepsLog: transport.keepsLog, close: async () => {} }
  for (const name of ['publish', 'subscribe', 'signal', 'onSignal'] as const) {
    ;(ownTransport as unknown as Record<string, unknown>)[name] = (transport[name] as (...a: unknown[]) => unknown).bind(transport)
  }
  return {
    store: guard(store),
    transport: guard(ownTransport, ['onSignal']),
    kill: () => void (dead = true),
    /** Its lease renewals stop, as on a busy event loop, while everything else goes on. */
    renewLate: () => void (late = true),
  }
}

/** A producer the test drives: text goes in when the test says, and it ends when told. */
function scripted() {
  let production!: Production
  let finish!: () => void
  let begin!: (p: Production) => void
  const started = new Promise<Production>((resolve) => (begin = resolve))
  function produce(p: Production) {
    production = p
    begin(p)
    return new Promise<void>((resolve) => {
      finish = resolve
      p.signal.addEventListener('abort', () => {
        p.end(errorEvent(p.generation.id, 'CANCELLED', 'cancelled', true))
        resolve()
      })
    })
  }
  return {
    produce,
    started,
    write: (delta: string) => production.append(delta),
    think: () => production.think(),
    done() {
      production.end(errorEvent(production.generation.id, 'INTERNAL', 'done here', true))
      finish()
    },
  }
}

const metadata = testMetadata

/** Follows a generation into an array; `done` resolves at its final event. */
function read(hub: GenerationHub, generation: GenerationView, offset = 0) {
  const events: { kind: string; offset?: number; delta?: string; code?: string }[] = []
  const reader = hub.follow(generation, offset)
  const done = (async () => {
    for await (const event of reader) events.push(event as never)
  })()
  return {
    events,
    done,
    text: () => events.filter((event) => event.kind === 'chunk').map((event) => event.delta).join(''),
    leave: () => void reader.return?.(),
  }
}

const until = async (condition: () => boolean | Promise<boolean>, ms = 3000) => {
  const deadline = Date.now() + ms
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

const backends: [string, () => Backend][] = [['in memory', memoryBackend]]
if (process.env.REDIS_URL) backends.push(['on Redis', () => redisBackend(process.env.REDIS_URL!)])
else if (process.env.CI) throw new Error('CI requires REDIS_URL: the Redis half of the hub contract cannot be skipped')

describe.each(backends)('the generation hub, %s', (_name, makeBackend) => {
  let backend: Backend
  let hubs: GenerationHub[] = []
  let kills: (() => void)[] = []
  let lateRenewals: (() => void)[] = []
  const cluster = (count: number, { rescue, ...options }: HubOptions & Pick<ClusterOptions, 'rescue'> = {}) => {
    backend = makeBackend()
    const roles = Array.from({ length: count }, () => mortal(backend.instance()))
    kills = roles.map((role) => role.kill)
    lateRenewals = roles.map((role) => role.renewLate)
    hubs = roles.map((role, i) =>
      createHub({ cluster: createCluster({ store: role.store, transport: role.transport, leaseMs, rescue }), instanceId: `i${i}`, lingerMs: 200, ...options }),
    )
    return hubs
  }
  afterEach(async () => {
    // A killed instance's shutdown would wait on its dead roles forever.
    await Promise.race([Promise.all(hubs.map((hub) => hub.shutdown())), new Promise((resolve) => setTimeout(resolve, 1000))])
    await backend?.close()
  })

  it('runs one generation per key, whichever instance asks first', async () => {
    const [a, b] = cluster(2)
    let runs = 0
    const first = scripted()
    const second = scripted()
    void first.started.then(() => runs++)
    void second.started.then(() => runs++)
    const [x, y] = await Promise.all([a!.start('k', metadata(), first.produce), b!.start('k', metadata(), second.produce)])
    expect(x!.id).toBe(y!.id)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(runs).toBe(1)
    expect(await a!.runningCount()).toBe(1)
    expect(a!.running().length + b!.running().length).toBe(1)
  })

  it('hands every reader the same chunk objects while the slowest still needs them, then lets them go', async () => {
    const [a] = cluster(1, { lagCheckMs: 50 })
    const writer = scripted()
    const generation = await a!.start('k', metadata(), writer.produce)
    await writer.started
    for (let i = 0; i < 200; i++) writer.write(`w${i} `)
    // A reader that took the metadata and the first chunk, then stopped pulling.
    const slow = a!.follow(generation, 0)
    await slow.next()
    await slow.next()
    await new Promise((resolve) => setTimeout(resolve, 150))
    // Chunks the slow reader still needs are the very objects every other reader receives.
    expect(generation.chunk(5)).toBe(generation.chunk(5))
    expect(generation.chunk(1)).toBe(generation.chunk(1))
    await slow.return!()
    await new Promise((resolve) => setTimeout(resolve, 150))
    // Nobody needs the early chunks now: a late reader gets them rebuilt from the text, not kept.
    expect(generation.chunk(5)).not.toBe(generation.chunk(5))
    expect(generation.chunk(5)).toEqual(generation.chunk(5))
    expect(generation.chunk(199)).toBe(generation.chunk(199))
    writer.done()
  })

  it('gives a reader on another instance the owner’s text byte for byte, then its end, even without a linger', async () => {
    const [a, b] = cluster(2, { lingerMs: 0 })
    const script = scripted()
    const generation = await a!.start('k', metadata(), script.produce)
    await script.started
    script.write('Hello, ')
    const mirror = (await b!.byKey('k'))!
    expect(mirror.id).toBe(generation.id)
    const reader = read(b!, mirror)
    const words = Array.from({ length: 200 }, (_, i) => `w${i} `)
    for (const word of words) script.write(word)
    script.done()
    await reader.done
    expect(reader.text()).toBe('Hello, ' + words.join(''))
    expect(reader.events[0]!.kind).toBe('metadata')
    expect(reader.events.at(-1)).toMatchObject({ kind: 'error', code: 'INTERNAL' })
    // Offsets are exact: each chunk starts where the previous one ended.
    let at = 0
    for (const event of reader.events.filter((e) => e.kind === 'chunk')) {
      expect(event.offset).toBe(at)
      at += event.delta!.length
    }
  })

  it('resumes a reader on another instance from any offset', async () => {
    const [a, b] = cluster(2)
    const script = scripted()
    await a!.start('k', metadata(), script.produce)
    await script.started
    script.write('abcdef')
    script.write('ghij')
    const mirror = (await b!.byKey('k'))!
    await until(() => mirror.text.length === 10)
    const reader = read(b!, mirror, 4)
    script.write('klm')
    script.done()
    await reader.done
    expect(reader.text()).toBe('efghijklm')
  })

  it('tells readers elsewhere that the model is thinking, from when it began', async () => {
    const [a, b] = cluster(2)
    const script = scripted()
    await a!.start('k', metadata(), script.produce)
    await script.started
    script.think()
    const mirror = (await b!.byKey('k'))!
    await until(() => mirror.thinkingSince !== null)
    const reader = read(b!, mirror)
    await until(() => reader.events.some((event) => event.kind === 'thinking'))
    script.write('text')
    script.done()
    await reader.done
    expect(reader.text()).toBe('text')
  })

  it('tells whether a generation is being written, on any instance, so the sweep of abandoned rows passes it by', async () => {
    const [a, b] = cluster(2)
    const script = scripted()
    const generation = await a!.start('k', metadata(), script.produce)
    await script.started
    script.write('text')
    expect(await a!.writing(generation.id)).toBe(true)
    expect(await b!.writing(generation.id)).toBe(true)
    expect(await b!.writing(crypto.randomUUID())).toBe(false)
    script.done()
    await until(async () => !(await a!.writing(generation.id)))
    await until(async () => !(await b!.writing(generation.id)))
  })

  it('cancels on the owner when another instance is asked to', async () => {
    const [a, b] = cluster(2)
    const script = scripted()
    const generation = await a!.start('k', metadata(), script.produce)
    const p = await script.started
    expect(await b!.cancel(generation.id, 'stop')).toBe(true)
    await until(() => p.signal.aborted)
    expect(await b!.cancel(crypto.randomUUID(), 'stop')).toBe(false)
  })

  it('keeps a generation going while a reader elsewhere follows it, and stops it after the linger once none does', async () => {
    const [a, b] = cluster(2)
    const script = scripted()
    const generation = await a!.start('k', metadata(), script.produce)
    const p = await script.started
    const reader = read(b!, (await b!.byId(generation.id))!)
    await until(() => reader.events.length > 0)
    await new Promise((resolve) => setTimeout(resolve, 600))
    expect(p.signal.aborted).toBe(false)
    reader.leave()
    script.write('x')
    await reader.done
    await until(() => p.signal.aborted, 2000)
  })

  it('counts running generations across the cluster and readers per instance', async () => {
    const [a, b] = cluster(2)
    const one = scripted()
    const two = scripted()
    await a!.start('k1', metadata(), one.produce)
    const second = await b!.start('k2', metadata(), two.produce)
    expect(await a!.runningCount()).toBe(2)
    expect(a!.running()).toHaveLength(1)
    const reader = read(a!, (await a!.byId(second.id))!)
    await until(() => reader.events.length > 0)
    expect(a!.readerCount()).toBe(1)
    expect(b!.readerCount()).toBe(0)
    expect(a!.running()).toHaveLength(1)
  })

  it('ends readers elsewhere with a typed error and saves the text once when the owner dies', async () => {
    const rescued: string[] = []
    const [a, b, c] = cluster(3, { rescue: async (generation) => void rescued.push(generation.text) })
    const script = scripted()
    const generation = await a!.start('k', metadata(), script.produce)
    await script.started
    script.write('partial text')
    const readers = await Promise.all([b!, c!].map(async (hub) => read(hub, (await hub.byId(generation.id))!)))
    await until(() => readers.every((reader) => reader.text() === 'partial text'))
    // The owner stops without a word: no heartbeat, no end.
    kills[0]!()
    await Promise.all(readers.map((reader) => reader.done))
    for (const reader of readers) expect(reader.events.at(-1)).toMatchObject({ kind: 'error', code: 'UPSTREAM_UNAVAILABLE' })
    expect(rescued).toEqual(['partial text'])
  })

  it('does not take an owner that renews its lease late for dead while it is still writing', async () => {
    const rescued: string[] = []
    const [a, b] = cluster(2, { rescue: async (generation) => void rescued.push(generation.text) })
    const script = scripted()
    const generation = await a!.start('k', metadata(), script.produce)
    await script.started
    script.write('a')
    const reader = read(b!, (await b!.byId(generation.id))!)
    lateRenewals[0]!()
    // Five leases without a renewal, the owner writing all along.
    for (let i = 0; i < 50; i++) {
      script.write('b')
      await new Promise((resolve) => setTimeout(resolve, leaseMs / 10))
    }
    await until(() => reader.text().length === 51)
    expect(reader.events.some((event) => event.kind === 'error')).toBe(false)
    expect(rescued).toEqual([])
    script.done()
    await reader.done
    expect(reader.events.at(-1)).toMatchObject({ code: 'INTERNAL', message: 'done here' } as never)
  })
})

describe('the generation hub on one process (its core, no cluster layer)', () => {
  let hub: GenerationHub
  afterEach(() => hub?.shutdown())

  it('runs one generation per key, however many ask at once, and gives every reader its text', async () => {
    hub = createHub({ lingerMs: 200 })
    let runs = 0
    const first = scripted()
    const second = scripted()
    void first.started.then(() => runs++)
    void second.started.then(() => runs++)
    const [x, y] = await Promise.all([hub.start('k', metadata(), first.produce), hub.start('k', metadata(), second.produce)])
    expect(x.id).toBe(y.id)
    expect(await hub.byKey('k')).toBe(x)
    await first.started
    const readers = [read(hub, x), read(hub, x)]
    first.write('one ')
    first.write('two')
    first.done()
    await Promise.all(readers.map((reader) => reader.done))
    expect(readers.map((reader) => reader.text())).toEqual(['one two', 'one two'])
    expect(runs).toBe(1)
    // Ended, it is let go: the key is free and nothing is running.
    await until(async () => (await hub.byKey('k')) === undefined)
    expect(await hub.runningCount()).toBe(0)
  })

  it('stops a generation nobody follows after the linger, unless a poll keeps it for its time', async () => {
    hub = createHub({ lingerMs: 100, lagCheckMs: 50 })
    const kept = scripted()
    const left = scripted()
    const polled = await hub.start('polled', metadata(), kept.produce)
    await hub.start('left', metadata(), left.produce)
    const [keptRun, leftRun] = await Promise.all([kept.started, left.started])
    await hub.touch(polled.id)
    // A streaming reader comes and goes: its leaving does not stop what a poller asked for a moment ago.
    const reader = read(hub, polled)
    await until(() => reader.events.length > 0)
    reader.leave()
    await reader.done
    await until(() => leftRun.signal.aborted, 2000)
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(keptRun.signal.aborted).toBe(false)
    expect(hub.running().map((generation) => generation.id)).toEqual([polled.id])
    expect(await hub.runningCount()).toBe(1)
    // Once the poll's time (at least 3 s) is over, it stops too.
    await until(() => keptRun.signal.aborted, 6000)
  })

  it('cancels what it runs, counts its readers, and knows nothing of other ids', async () => {
    hub = createHub({ lingerMs: 200 })
    const script = scripted()
    const generation = await hub.start('k', metadata(), script.produce)
    const p = await script.started
    const reader = read(hub, generation)
    await until(() => reader.events.length > 0)
    expect(hub.readerCount()).toBe(1)
    expect(await hub.byId(crypto.randomUUID())).toBeUndefined()
    expect(await hub.cancel(crypto.randomUUID(), 'stop')).toBe(false)
    expect(await hub.cancel(generation.id, 'stop')).toBe(true)
    await reader.done
    expect(p.signal.aborted).toBe(true)
    expect(reader.events.at(-1)).toMatchObject({ kind: 'error', code: 'CANCELLED' })
    expect(hub.readerCount()).toBe(0)
  })
})
