import type { Redis } from 'ioredis'
import { revive } from './json.ts'
import type { UnsavedStore, UnsavedText } from './interfaces.ts'

export interface RedisUnsavedOptions {
  redis: Redis
  /** @default 'portrait:' */
  prefix?: string
  /** How long held texts stay in Redis at most, should no instance ever reach the database again. @default 7 days */
  retentionMs?: number
}

/** Drops a text, and its key's entry only while that entry still names it. */
const dropText = "if redis.call('hget', KEYS[2], ARGV[2]) == ARGV[1] then redis.call('hdel', KEYS[2], ARGV[2]) end return redis.call('hdel', KEYS[1], ARGV[1])"

/** Finished texts every instance can serve and save, while the database cannot take them. */
export function createRedisUnsaved({ redis, prefix = 'portrait:', retentionMs = 7 * 24 * 3600_000 }: RedisUnsavedOptions): UnsavedStore {
  const texts = `${prefix}unsaved`
  const keys = `${prefix}unsaved:keys`
  const parse = (json: string | null) => (json ? (JSON.parse(json, revive) as UnsavedText) : undefined)
  const get = async (id: string) => parse(await redis.hget(texts, id))
  return {
    async hold(text) {
      await redis
        .multi()
        .hset(texts, text.id, JSON.stringify(text))
        .hset(keys, text.key, text.id)
        .pexpire(texts, retentionMs)
        .pexpire(keys, retentionMs)
        .exec()
    },
    get,
    async byKey(key) {
      const id = await redis.hget(keys, key)
      return id ? get(id) : undefined
    },
    all: async () => (await redis.hvals(texts)).map((json) => parse(json)!),
    async drop({ id, key }) {
      await redis.eval(dropText, 2, texts, keys, id, key)
    },
  }
}
