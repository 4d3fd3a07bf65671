import type { Redis } from 'ioredis'
import type { FinalEvent } from '../events.ts'
import { revive } from './json.ts'
import type { EventTransport, LogEntry, LogHandlers, Signal } from './interfaces.ts'
import { addKeyed } from './keyed.ts'

export interface RedisTransportOptions {
  /** For commands. */
  redis: Redis
  /** For the cancel channel (a subscribed connection takes no other commands). */
  subscriber: Redis
  /** For blocking stream reads. */
  blocking: Redis
  /** @default 'portrait:' */
  prefix?: string
  /** How long a finished generation's log stays for late readers. @default 600000 */
  retentionMs?: number
  /** Bound on a generation's log, in entries. @default 100000 */
  maxStreamLength?: number
  /** After this long without Redis, subscriptions are told their log is lost. @default 3000 */
  failureMs?: number
  /** Told of read failures that are still being retried. */
  onError?: (error: unknown) => void
}

type Fields = string[]

function encode(entry: LogEntry): Fields {
  if (entry.kind === 'chunk') return ['o', String(entry.offset), 'c', entry.delta]
  if (entry.kind === 'thinking') return ['t', String(entry.since)]
  return ['f', JSON.stringify(entry.event)]
}

function decode(fields: Fields): LogEntry | null {
  const value = (name: string) => {
    const at = fields.indexOf(name)
    return at >= 0 && at % 2 === 0 ? fields[at + 1] : undefined
  }
  const delta = value('c')
  if (delta !== undefined) return { kind: 'chunk', offset: Number(value('o')), delta }
  const since = value('t')
  if (since !== undefined) return { kind: 'thinking', since: Number(since) }
  const final = value('f')
  return final === undefined ? null : { kind: 'final', event: JSON.parse(final, revive) as FinalEvent }
}

interface Follower {
  handlers: LogHandlers
  lastId: string
}

/**
 * Each generation's events in a bounded Redis Stream; one loop per process follows every
 * subscribed stream with a single blocking read. Cancels travel over pub/sub.
 */
export function createRedisTransport(options: RedisTransportOptions): EventTransport {
  const { redis, subscriber, blocking, prefix = 'portrait:', retentionMs = 600_000, maxStreamLength = 100_000, failureMs = 3000 } = options
  const streamOf = (id: string) => `${prefix}gen:${id}:events`
  const idOf = (stream: string) => stream.slice(`${prefix}gen:`.length, -':events'.length)
  const channel = `${prefix}signals`
  const followers = new Map<string, Set<Follower>>()
  const signalHandlers = new Set<(id: string, signal: Signal) => void>()
  let closed = false

  subscriber.on('message', (from: string, message: string) => {
    const [signal, id] = message.split(':') as [Signal, string]
    if (from === channel && id) for (const handler of signalHandlers) handler(id, signal)
  })
  const subscribed = subscriber.subscribe(channel).catch((error: unknown) => options.onError?.(error))

  function deliver(follower: Follower, entries: [string, Fields][]) {
    const decoded: LogEntry[] = []
    for (const [entryId, fields] of entries) {
      follower.lastId = entryId
      const entry = decode(fields)
      if (entry) decoded.push(entry)
    }
    if (decoded.length) follower.handlers.entries(decoded)
  }

  async function pump() {
    let failingSince: number | null = null
    while (!closed) {
      const streams = [...followers.keys()]
      if (!streams.length) {
        await new Promise((resolve) => setTimeout(resolve, 20))
        continue
      }
      // A stream followed twice here is read from the position of the one furthest behind.
      const from = streams.map((id) => [...followers.get(id)!].reduce((low, f) => (compareIds(f.lastId, low) < 0 ? f.lastId : low), '9999999999999-0'))
      try {
        const reply = (await blocking.xread('COUNT', 1000, 'BLOCK', 100, 'STREAMS', ...streams.map(streamOf), ...from)) as [string, [string, Fields][]][] | null
        failingSince = null
        for (const [stream, entries] of reply ?? []) {
          for (const follower of followers.get(idOf(stream)) ?? []) {
            deliver(follower, entries.filter(([entryId]) => compareIds(entryId, follower.lastId) > 0))
          }
        }
      } catch (error) {
        if (closed) break
        options.onError?.(error)
        failingSince ??= Date.now()
        if (Date.now() - failingSince > failureMs) {
          const lost = new Error('Lost contact with the other servers.')
          for (const set of followers.values()) for (const follower of set) follower.handlers.lost(lost)
          followers.clear()
        }
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    }
  }
  const pumping = pump()

  return {
    keepsLog: true,
    async publish(id, entries) {
      if (closed) throw new Error('The transport is closed.')
      const batch = redis.multi()
      for (const entry of entries) batch.xadd(streamOf(id), 'MAXLEN', '~', maxStreamLength, '*', ...encode(entry))
      if (entries.some((entry) => entry.kind === 'final')) batch.pexpire(streamOf(id), retentionMs)
      const results = await batch.exec()
      const failed = results?.find(([error]) => error)?.[0]
      if (!results || failed) throw failed ?? new Error('The events were not stored.')
    },

    async subscribe(id, handlers) {
      const follower: Follower = { handlers, lastId: '0-0' }
      deliver(follower, (await redis.xrange(streamOf(id), '-', '+')) as [string, Fields][])
      return { stop: addKeyed(followers, id, follower) }
    },

    async signal(id, signal) {
      await redis.publish(channel, `${signal}:${id}`)
    },

    onSignal(handler) {
      signalHandlers.add(handler)
    },

    async close() {
      closed = true
      followers.clear()
      signalHandlers.clear()
      await subscribed
      await pumping
    },
  }
}

/** Orders two stream entry ids ("ms-seq"). */
function compareIds(a: string, b: string): number {
  const [aMs, aSeq] = a.split('-').map(Number) as [number, number]
  const [bMs, bSeq] = b.split('-').map(Number) as [number, number]
  return aMs - bMs || aSeq - bSeq
}
