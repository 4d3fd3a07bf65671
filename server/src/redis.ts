import { Redis } from 'ioredis'

/** Thrown at start when Redis cannot be reached, with what to check. */
export class RedisUnavailableError extends Error {
  override name = 'RedisUnavailableError'
}

/**
 * The three connections the shared hub needs (commands, pub/sub, blocking reads), opened only once
 * Redis answers. Later outages are survived: the clients reconnect, and commands fail fast in the
 * meantime instead of queueing without bound.
 */
export async function connectRedis(url: string): Promise<{ redis: Redis; subscriber: Redis; blocking: Redis; close(): Promise<void> }> {
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: 3000 })
  probe.on('error', () => {})
  try {
    await probe.connect()
    await probe.ping()
  } catch (error) {
    const where = new URL(url)
    where.password = ''
    throw new RedisUnavailableError(`Cannot reach Redis at ${where.toString()}: ${(error as Error).message}. Check REDIS_URL and that Redis is running.`)
  } finally {
    probe.disconnect()
  }
  const open = () => {
    const client = new Redis(url, { maxRetriesPerRequest: 2, retryStrategy: (attempt) => Math.min(attempt * 100, 2000) })
    // Errors are reported where commands fail; a reconnecting client is not a crash.
    client.on('error', () => {})
    return client
  }
  const clients = { redis: open(), subscriber: open(), blocking: open() }
  return {
    ...clients,
    async close() {
      for (const client of Object.values(clients)) client.disconnect()
    },
  }
}
