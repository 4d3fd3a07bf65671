import type { ArticleErrorEvent } from '@portrait/schema/services'
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type { Metrics } from '../metrics.ts'
import { errorEvent } from './events.ts'
import type { GenerationHub } from './hub/hub.ts'
import type { ArticleWriter, WriterError } from './writer.ts'

export interface GenerationLimits {
  /** New generations one client may start per window. @default 10 */
  perClient?: number
  /** @default 60000 */
  windowMs?: number
  /** Generations running at once, counted on every instance. @default 8 */
  concurrent?: number
  /** Slots of `concurrent` that portrait runs never take, so a person's Generate starts at once. @default 1 */
  reservedForPeople?: number
}

export interface AdmissionOptions {
  writer: ArticleWriter & { unavailable?: () => WriterError | null }
  hub: GenerationHub
  limits?: GenerationLimits
  /** Where per-client counts live; shared (Redis) when several instances serve one address. @default in memory */
  limiter?: RateLimiterAbstract
  metrics?: Metrics
}

/** The per-client limit's settings, for whichever store keeps its counts. */
export function limiterOptions(limits: GenerationLimits = {}) {
  return { points: limits.perClient ?? 10, duration: Math.max(1, Math.ceil((limits.windowMs ?? 60_000) / 1000)) }
}

/** Decides whether a new generation may start now: the writer is up, and no limit is reached. */
export function createAdmission({ writer, hub, limits = {}, limiter, metrics }: AdmissionOptions) {
  const perClient = limiter ?? new RateLimiterMemory(limiterOptions(limits))
  const concurrent = limits.concurrent ?? 8

  const forRuns = Math.max(1, concurrent - (limits.reservedForPeople ?? 1))

  /** Why a new generation may not start now, if it may not. */
  return async function refusal(clientId: string, background = false): Promise<ArticleErrorEvent | null> {
    const unavailable = writer.unavailable?.()
    if (unavailable) return errorEvent(null, unavailable.code, unavailable.message, unavailable.retryable, unavailable.retryAfterMs)
    const running = await hub.runningCount()
    if (background) {
      return running >= forRuns ? errorEvent(null, 'RATE_LIMITED', 'Every slot a portrait run may use is taken.', true, 1_000) : null
    }
    if (running >= concurrent) {
      metrics?.rateLimited.inc({ limit: 'concurrent' })
      return errorEvent(null, 'RATE_LIMITED', 'The server is writing as many articles as it can; try again shortly.', true, 5_000)
    }
    try {
      await perClient.consume(clientId)
      return null
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection
      metrics?.rateLimited.inc({ limit: 'per-client' })
      return errorEvent(null, 'RATE_LIMITED', 'You have started too many generations; try again shortly.', true, rejection.msBeforeNext)
    }
  }
}
