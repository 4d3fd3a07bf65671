import type { ArticleMetadataEvent } from '@portrait/schema/services'
import type { Redis } from 'ioredis'
import { revive } from './json.ts'
import type { GenerationRecord, GenerationStore } from './interfaces.ts'

export interface RedisStoreOptions {
  redis: Redis
  /** @default 'portrait:' */
  prefix?: string
  /** How long a generation outlives its owner's last heartbeat. @default 3000 */
  leaseMs?: number
  /** How long a finished generation's record stays for late readers. @default 600000 */
  retentionMs?: number
}

const releaseClaim = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0"
/** Renews a claim held by this generation, or takes it back when a restarted Redis lost it. */
const renewClaim =
  "local holder = redis.call('get', KEYS[1]) if holder == false or holder == ARGV[1] then return redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) end return 0"

/** The store shared by every instance through Redis: each key a lease that its owner's heartbeat renews. */
export function createRedisStore({ redis, prefix = 'portrait:', leaseMs = 3000, retentionMs = 600_000 }: RedisStoreOptions): GenerationStore {
  const k = {
    claim: (key: string) => `${prefix}claim:${key}`,
    meta: (id: string) => `${prefix}gen:${id}:meta`,
    lease: (id: string) => `${prefix}gen:${id}:lease`,
    readers: (id: string) => `${prefix}gen:${id}:readers`,
    polled: (id: string) => `${prefix}gen:${id}:polled`,
    rescue: (id: string) => `${prefix}gen:${id}:rescue`,
    running: `${prefix}running`,
  }
  const recordFields = (record: GenerationRecord) => ['key', record.key, 'metadata', JSON.stringify(record.metadata), 'owner', record.owner]

  return {
    async claim(record) {
      // Record and lease go first: whoever loses the claim finds the winner whole at once, and
      // never mistakes it for a dead one.
      await redis
        .multi()
        .hset(k.meta(record.id), ...recordFields(record))
        .pexpire(k.meta(record.id), retentionMs)
        .set(k.lease(record.id), record.owner, 'PX', leaseMs)
        .exec()
      if (await redis.set(k.claim(record.key), record.id, 'PX', leaseMs, 'NX')) {
        await redis.zadd(k.running, Date.now() + leaseMs, record.id)
        return null
      }
      await redis.del(k.meta(record.id), k.lease(record.id))
      // The holder may have ended (and released the key) since: then claim again.
      return (await redis.get(k.claim(record.key))) ?? this.claim(record)
    },

    async heartbeat(records) {
      if (!records.length) return
      const expires = Date.now() + leaseMs
      const batch = redis.multi()
      for (const record of records) {
        // Written whole each time, so a Redis that came back empty learns its owners again.
        batch
          .eval(renewClaim, 1, k.claim(record.key), record.id, leaseMs)
          .set(k.lease(record.id), record.owner, 'PX', leaseMs)
          .hset(k.meta(record.id), ...recordFields(record))
          .pexpire(k.meta(record.id), retentionMs)
          .zadd(k.running, expires, record.id)
      }
      await batch.exec()
    },

    async release(record) {
      await redis
        .multi()
        .eval(releaseClaim, 1, k.claim(record.key), record.id)
        .del(k.lease(record.id))
        .zrem(k.running, record.id)
        .pexpire(k.meta(record.id), retentionMs)
        .exec()
    },

    async get(id) {
      const meta = await redis.hgetall(k.meta(id))
      if (!meta.key || !meta.metadata || !meta.owner) return undefined
      return { id, key: meta.key, owner: meta.owner, metadata: JSON.parse(meta.metadata, revive) as ArticleMetadataEvent }
    },

    idOf: async (key) => (await redis.get(k.claim(key))) ?? undefined,
    alive: async (id) => (await redis.exists(k.lease(id))) === 1,

    async runningCount() {
      await redis.zremrangebyscore(k.running, '-inf', Date.now())
      return redis.zcard(k.running)
    },

    async setReaders(id, instance, readers) {
      await redis.multi().hset(k.readers(id), instance, readers).pexpire(k.readers(id), retentionMs).exec()
    },

    async readers(id) {
      const counts = await redis.hvals(k.readers(id))
      return counts.reduce((sum, count) => sum + Math.max(0, Number(count)), 0)
    },

    async markPolled(id, ms) {
      await redis.set(k.polled(id), '1', 'PX', ms)
    },

    polled: async (id) => (await redis.exists(k.polled(id))) === 1,
    takeRescue: async (id, instance) => (await redis.set(k.rescue(id), instance, 'PX', retentionMs, 'NX')) === 'OK',
  }
}
