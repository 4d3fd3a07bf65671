import type { ArticleEvent, ArticleMetadataEvent } from '@portrait/schema/services'
import type { Redis } from 'ioredis'
import type { Logger } from '../logger.ts'
import { errorEvent, Generation, type GenerationStatus } from './generation.ts'
import { createMemoryHub, type GenerationHub, type MemoryHubOptions } from './hub.ts'

export interface RedisHubOptions extends Omit<MemoryHubOptions, 'onReaders' | 'stillIdle'> {
  /** For commands. */
  redis: Redis
  /** For the cancel channel (a subscribed connection takes no other commands). */
  subscriber: Redis
  /** For blocking stream reads. */
  blocking: Redis
  logger: Logger
  /** Names this process in Redis and in logs. */
  instanceId: string
  /** @default 'portrait:' */
  prefix?: string
  /** How long a generation outlives its owner's last heartbeat. @default 3000 */
  leaseMs?: number
  /** How long a finished generation's events stay in Redis for late readers. @default 600000 */
  retentionMs?: number
  /** Bound on a generation's stream, in chunks. @default 100000 */
  maxStreamLength?: number
  /** After this long without Redis, readers of generations owned elsewhere get an error. @default 3000 */
  redisFailureMs?: number
  /** Saves what a generation whose owner died had written; the first instance to notice does it. */
  rescue: (generation: Generation) => Promise<void>
}

interface Mirror {
  generation: Generation
  lastId: string
  /** Lease checks that found the owner gone while no final event had come. */
  orphanedChecks: number
  done: () => void
}

const statusOf = (final: ArticleEvent): GenerationStatus =>
  final.kind === 'done'
    ? final.article.status === 'TRUNCATED'
      ? 'truncated'
      : 'complete'
    : final.kind === 'error' && final.code === 'CANCELLED'
      ? 'cancelled'
      : 'failed'

/** Events carry Dates; JSON carries strings. */
const revive = (_key: string, value: unknown) =>
  typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value) ? new Date(value) : value

/**
 * A hub shared by several server instances through Redis. Each generation runs once, on the
 * instance that claimed it (an atomic SET NX with a lease its heartbeat renews); its events go to a
 * bounded Redis Stream, which the other instances mirror into local generations that their readers
 * follow exactly as they would a local one. Cancels travel over pub/sub to the owner. When the
 * owner's lease lapses, the first instance to notice saves the partial text and ends the stream
 * with an error, so no reader waits for a dead instance.
 */
export function createRedisHub(options: RedisHubOptions): GenerationHub {
  const { redis, subscriber, blocking, logger, instanceId, rescue } = options
  const prefix = options.prefix ?? 'portrait:'
  const leaseMs = options.leaseMs ?? 3000
  const retentionMs = options.retentionMs ?? 600_000
  const maxStreamLength = options.maxStreamLength ?? 100_000
  const redisFailureMs = options.redisFailureMs ?? 3000
  const k = {
    claim: (key: string) => `${prefix}claim:${key}`,
    meta: (id: string) => `${prefix}gen:${id}:meta`,
    stream: (id: string) => `${prefix}gen:${id}:events`,
    lease: (id: string) => `${prefix}gen:${id}:lease`,
    readers: (id: string) => `${prefix}gen:${id}:readers`,
    polled: (id: string) => `${prefix}gen:${id}:polled`,
    rescue: (id: string) => `${prefix}gen:${id}:rescue`,
    running: `${prefix}running`,
    cancel: `${prefix}cancel`,
  }
  const owned = new Set<string>()
  const mirrors = new Map<string, Mirror>()
  let closed = false
  const log = (error: unknown, message: string) => logger.warn({ err: error, instance: instanceId }, message)

  const local = createMemoryHub({
    ...options,
    onReaders(generation, readers) {
      redis
        .multi()
        .hset(k.readers(generation.id), instanceId, readers)
        .pexpire(k.readers(generation.id), retentionMs)
        .exec()
        .catch((error: unknown) => log(error, 'reader count not shared'))
    },
    async stillIdle(generation) {
      // A mirror without readers here can go; the generation itself only when nobody follows it anywhere.
      if (!owned.has(generation.id)) return true
      const [counts, polled] = await Promise.all([redis.hvals(k.readers(generation.id)), redis.exists(k.polled(generation.id))])
      return !polled && counts.every((count) => Number(count) <= 0)
    },
  })

  // Cancels reach the owner wherever they were asked for.
  void subscriber.subscribe(k.cancel).catch((error: unknown) => log(error, 'cancel channel unavailable'))
  subscriber.on('message', (channel: string, id: string) => {
    if (channel === k.cancel && owned.has(id)) void local.cancel(id, 'The generation was cancelled.')
  })

  function apply(mirror: Mirror, fields: string[]) {
    for (let i = 0; i < fields.length; i += 2) {
      if (fields[i] === 'c') mirror.generation.append(fields[i + 1]!)
      else if (fields[i] === 't') mirror.generation.think(Number(fields[i + 1]))
      else if (fields[i] === 'f') {
        const final = JSON.parse(fields[i + 1]!, revive) as ArticleEvent
        mirror.generation.end(final, statusOf(final))
        mirrors.delete(mirror.generation.id)
        mirror.done()
      }
    }
  }

  /** Builds a local copy of a generation from Redis, caught up to now; live if it is still running. */
  async function mirror(id: string): Promise<Generation | undefined> {
    const meta = await redis.hgetall(k.meta(id))
    if (!meta.key || !meta.metadata) return undefined
    const generation = new Generation(meta.key, JSON.parse(meta.metadata, revive) as ArticleMetadataEvent)
    const entry: Mirror = { generation, lastId: '0-0', orphanedChecks: 0, done: () => {} }
    for (const [entryId, fields] of await redis.xrange(k.stream(id), '-', '+')) {
      entry.lastId = entryId
      apply(entry, fields)
    }
    if (generation.final) return generation
    return local.start(generation, (started) => {
      if (started !== generation) return Promise.resolve()
      return new Promise<void>((resolve) => {
        entry.done = resolve
        mirrors.set(id, entry)
        // Without readers here the copy is dropped; the generation goes on at its owner.
        generation.controller.signal.addEventListener('abort', () => {
          mirrors.delete(id)
          resolve()
        })
      })
    })
  }

  /** The owner of a mirrored generation is gone: save what it wrote, and end it for every reader. */
  async function orphaned(entry: Mirror) {
    const { generation } = entry
    const first = await redis.set(k.rescue(generation.id), instanceId, 'PX', retentionMs, 'NX')
    if (first) {
      logger.warn({ generationId: generation.id, instance: instanceId }, 'owner of the generation stopped; saving its text')
      await rescue(generation).catch((error: unknown) => log(error, 'orphaned text not saved'))
      const final = errorEvent(generation.id, 'UPSTREAM_UNAVAILABLE', 'The server writing this article stopped. What it wrote is saved; start again to write it anew.', true)
      await redis.multi().xadd(k.stream(generation.id), '*', 'f', JSON.stringify(final)).pexpire(k.stream(generation.id), retentionMs).exec()
    } else if (++entry.orphanedChecks > 4) {
      // Whoever took the rescue did not finish it: end the copy here all the same.
      apply(entry, ['f', JSON.stringify(errorEvent(generation.id, 'UPSTREAM_UNAVAILABLE', 'The server writing this article stopped.', true))])
    }
  }

  // One loop per process follows every mirrored stream with a single blocking read.
  let lastLeaseCheck = 0
  let failingSince: number | null = null
  async function pump() {
    while (!closed) {
      const active = [...mirrors.values()]
      if (!active.length) {
        await new Promise((resolve) => setTimeout(resolve, 20))
        continue
      }
      try {
        const reply = (await blocking.xread(
          'COUNT',
          1000,
          'BLOCK',
          100,
          'STREAMS',
          ...active.map((entry) => k.stream(entry.generation.id)),
          ...active.map((entry) => entry.lastId),
        )) as [string, [string, string[]][]][] | null
        for (const [stream, entries] of reply ?? []) {
          const entry = mirrors.get(stream.slice(prefix.length + 4, -':events'.length))
          if (!entry) continue
          for (const [entryId, fields] of entries) {
            entry.lastId = entryId
            apply(entry, fields)
          }
        }
        if (Date.now() - lastLeaseCheck > Math.min(500, leaseMs / 2)) {
          lastLeaseCheck = Date.now()
          const live = [...mirrors.values()]
          const leases = await redis.pipeline(live.map((entry) => ['exists', k.lease(entry.generation.id)])).exec()
          await Promise.all(live.map((entry, i) => (leases?.[i]?.[1] === 0 && !entry.generation.final ? orphaned(entry) : undefined)))
        }
        failingSince = null
      } catch (error) {
        if (closed) break
        failingSince ??= Date.now()
        if (Date.now() - failingSince > redisFailureMs) {
          for (const entry of mirrors.values()) {
            apply(entry, ['f', JSON.stringify(errorEvent(entry.generation.id, 'INTERNAL', 'Lost contact with the other servers; retry in a moment.', true))])
          }
        }
        log(error, 'reading generation streams failed')
        await new Promise((resolve) => setTimeout(resolve, 200))
      }
    }
  }
  const pumping = pump()

  return {
    async byKey(key) {
      const here = await local.byKey(key)
      if (here) return here
      const id = await redis.get(k.claim(key))
      return id ? this.byId(id) : undefined
    },

    async byId(id) {
      return (await local.byId(id)) ?? mirror(id)
    },

    list: () => local.list(),

    async runningCount() {
      await redis.zremrangebyscore(k.running, '-inf', Date.now())
      return redis.zcard(k.running)
    },

    async start(generation, produce) {
      const { id, key, metadata } = generation
      // Metadata and lease go first: whoever loses the claim below finds the winner complete at
      // once, and never mistakes it for a dead one.
      await redis
        .multi()
        .hset(k.meta(id), 'key', key, 'metadata', JSON.stringify(metadata), 'owner', instanceId)
        .pexpire(k.meta(id), retentionMs)
        .set(k.lease(id), instanceId, 'PX', leaseMs)
        .exec()
      const claimed = await redis.set(k.claim(key), id, 'PX', leaseMs, 'NX')
      if (!claimed) {
        await redis.del(k.meta(id), k.lease(id))
        const winner = await this.byKey(key)
        if (winner) return winner
        throw new Error('The generation was claimed by another instance, which ended it at once.')
      }
      await redis.zadd(k.running, Date.now() + leaseMs, id)
      owned.add(id)
      generation.thinkingObserver = (since) => {
        redis.xadd(k.stream(id), 'MAXLEN', '~', maxStreamLength, '*', 't', String(since)).catch((error: unknown) => log(error, 'thinking not shared'))
      }
      generation.observer = (delta, final) => {
        if (delta !== null) {
          redis.xadd(k.stream(id), 'MAXLEN', '~', maxStreamLength, '*', 'c', delta).catch((error: unknown) => log(error, 'chunk not shared'))
          return
        }
        redis
          .multi()
          .xadd(k.stream(id), 'MAXLEN', '~', maxStreamLength, '*', 'f', JSON.stringify(final))
          .pexpire(k.stream(id), retentionMs)
          .pexpire(k.meta(id), retentionMs)
          .eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0", 1, k.claim(key), id)
          .del(k.lease(id))
          .zrem(k.running, id)
          .exec()
          .catch((error: unknown) => log(error, 'end of generation not shared'))
      }
      const heartbeat = setInterval(() => {
        redis
          .multi()
          .pexpire(k.claim(key), leaseMs)
          .set(k.lease(id), instanceId, 'PX', leaseMs)
          .zadd(k.running, Date.now() + leaseMs, id)
          .exec()
          .catch((error: unknown) => log(error, 'heartbeat failed'))
      }, Math.max(50, Math.floor(leaseMs / 3)))
      return local.start(generation, async (started) => {
        try {
          await produce(started)
        } finally {
          clearInterval(heartbeat)
          owned.delete(id)
        }
      })
    },

    follow: (generation, offset, push, stopped) => local.follow(generation, offset, push, stopped),

    async touch(id) {
      await local.touch(id)
      await redis.set(k.polled(id), instanceId, 'PX', Math.max(options.lingerMs ?? 5000, 1000))
    },

    async cancel(id, message) {
      if (owned.has(id)) return local.cancel(id, message)
      if (!(await redis.exists(k.lease(id)))) return false
      await redis.publish(k.cancel, id)
      return true
    },

    async shutdown() {
      closed = true
      await local.shutdown()
      await pumping
    },
  }
}
