import { Prisma, type PrismaClient } from '@portrait/prisma'
import type { ArticleErrorEvent, ArticleOptions, ArticleService } from '@portrait/schema/services'
import type PgBoss from 'pg-boss'
import type { Logger } from '../logger.ts'
import { costOf, expectedUsage, type Expected, type Prices, type Usage } from './pricing.ts'
import type { ItemJob } from './queue.ts'

export interface ItemWorkerOptions {
  prisma: PrismaClient
  articles: ArticleService
  logger: Logger
  instanceId: string
  prices: Prices | null
  maxAttempts: number
  model: string
  send(itemIds: string[], startAfter?: Date): Promise<unknown>
  settle(runId: string): Promise<void>
  /** How many statements of a saved portrait the collection contradicts; null when it cannot tell. */
  contradictionsOf(generationId: string): Promise<number | null>
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** How a portrait ended, as the run counts it. */
type Outcome = { kind: 'done'; usage: Usage; generationId: string } | { kind: 'error'; error: ArticleErrorEvent; generationId: string | null }

/**
 * Writes one item of a run: claims it, waits for room and for the budget, follows the portrait
 * to its end as any reader would, then counts it. An item is claimed by one delivery at a time,
 * so a duplicate delivery (a resume, a sweep) never writes an artist twice.
 */
export function createItemWorker({ prisma, articles, logger, instanceId, prices, maxAttempts, model, send, settle, contradictionsOf }: ItemWorkerOptions) {
  /** Items this instance writes now, with their generation once it is known. */
  const mine = new Map<string, { generationId: string | null; stop: () => void }>()
  let closing = false

  /** Takes the item for this instance if it waits in the queue; false when another delivery has it. */
  async function claim(itemId: string) {
    const { count } = await prisma.portraitRunItem.updateMany({
      where: { id: itemId, status: 'QUEUED', run: { status: { in: ['RUNNING', 'QUEUED'] } } },
      data: { status: 'RUNNING', owner: instanceId, heartbeatAt: new Date(), attempts: { increment: 1 } },
    })
    return count === 1
  }

  /** Puts the item back in the queue, for this delivery's retry or a later one. */
  const release = (itemId: string) => prisma.portraitRunItem.updateMany({ where: { id: itemId, owner: instanceId, status: 'RUNNING' }, data: { status: 'QUEUED', owner: null } })

  /**
   * Holds the tokens of one more portrait if the budget allows it, in one statement, so that the
   * instances' concurrent items can never together pass the budget by more than one portrait's error.
   */
  async function reserve(runId: string, { usage, guess }: Expected) {
    const tokens = usage.promptTokens + usage.completionTokens
    const cost = costOf(prices, usage) ?? 0
    // A guess (nothing written with this model yet) may be far off: the first portrait is written
    // all the same, at most one portrait past the budget, and tells what the next ones cost.
    const rows = await prisma.$executeRaw`
      update portrait_runs set reserved_tokens = reserved_tokens + ${tokens}::int, updated_at = now()
      where id = ${runId}::uuid and status in ('RUNNING', 'QUEUED')
        and ((${guess}::boolean and reserved_tokens = 0 and prompt_tokens + completion_tokens = 0) or (
          (budget_tokens is null or prompt_tokens + completion_tokens + reserved_tokens + ${tokens}::int <= budget_tokens)
          and (budget_cost is null or cost + ${cost}::float8 * (reserved_tokens + ${tokens}::int) / ${Math.max(1, tokens)}::float8 <= budget_cost)))`
    return rows === 1 ? tokens : 0
  }

  /** The next portrait's expected tokens: this run's mean so far, else the model's recent mean, else a guess. */
  async function expected(runId: string, length: ArticleOptions['length']): Promise<Expected> {
    const run = await prisma.portraitRun.findUniqueOrThrow({ where: { id: runId } })
    const written = await prisma.portraitRunItem.count({ where: { runId, status: 'DONE', tokens: { gt: 0 } } })
    if (written) return { usage: { promptTokens: Math.ceil(run.promptTokens / written), completionTokens: Math.ceil(run.completionTokens / written) }, guess: false }
    return expectedUsage(prisma, model, length)
  }

  /** Follows the portrait to its end, as a reader; leaving (cancel) stops it only if nobody else reads it. */
  async function write(itemId: string, artistId: string, runId: string, options: ArticleOptions): Promise<Outcome> {
    const events = articles.generate({ artistId, options, regenerate: false, clientId: `run:${runId}`, authenticated: true, background: true })[Symbol.asyncIterator]()
    const entry = { generationId: null as string | null, stop: () => void events.return?.() }
    mine.set(itemId, entry)
    let usage: Usage = { promptTokens: 0, completionTokens: 0 }
    let fromSaved = false
    try {
      for (let next = await events.next(); !next.done; next = await events.next()) {
        const event = next.value
        if (event.kind === 'metadata') {
          entry.generationId = event.generationId
          fromSaved = event.fromSaved
          await prisma.portraitRunItem.update({ where: { id: itemId }, data: { generationId: event.generationId } })
        } else if (event.kind === 'done') {
          const { promptTokens, completionTokens } = event.article
          // A portrait already written (by a person, or an earlier delivery) costs nothing more.
          if (!fromSaved) usage = { promptTokens: promptTokens ?? 0, completionTokens: completionTokens ?? 0 }
          return { kind: 'done', usage, generationId: event.generationId }
        } else if (event.kind === 'error') {
          return { kind: 'error', error: event, generationId: event.generationId ?? entry.generationId }
        }
      }
      return { kind: 'error', error: { kind: 'error', generationId: null, code: 'INTERNAL', message: 'The portrait ended without a word.', retryable: true, retryAfterMs: null }, generationId: entry.generationId }
    } finally {
      mine.delete(itemId)
      // Leaving at the end is a no-op; leaving early (an exception) lets the generation's linger decide.
      await events.return?.()
    }
  }

  /** Sends the item again after a while, or leaves it FAILED once its attempts are spent. */
  async function retryOrFail(itemId: string, runId: string, attempts: number, record: { code: string; message: string }, retryable: boolean) {
    if (retryable && attempts < maxAttempts) {
      await prisma.portraitRunItem.update({ where: { id: itemId }, data: { status: 'QUEUED', owner: null, error: record } })
      // Backoff: 2 s, 4 s, 8 s... as a delayed job, so no worker is held while it waits.
      await send([itemId], new Date(Date.now() + 1000 * 2 ** attempts))
      logger.warn({ runId, itemId, code: record.code, attempt: attempts }, 'portrait of a run failed; it will be tried again')
      return
    }
    await prisma.$transaction([
      prisma.portraitRunItem.update({ where: { id: itemId }, data: { status: 'FAILED', owner: null, error: record } }),
      prisma.portraitRun.update({ where: { id: runId }, data: { failed: { increment: 1 } } }),
    ])
    logger.warn({ runId, itemId, code: record.code }, 'portrait of a run failed for good')
  }

  /** Lets the item go when this instance stops: the next instance, or the next start, takes it. */
  async function handBack(itemId: string) {
    await release(itemId)
    await send([itemId], new Date(Date.now() + 2000))
  }

  async function work(job: PgBoss.JobWithMetadata<ItemJob>): Promise<void> {
    const { itemId } = job.data
    if (closing) return void (await send([itemId], new Date(Date.now() + 2000)))
    if (!(await claim(itemId))) return
    const item = await prisma.portraitRunItem.findUniqueOrThrow({ where: { id: itemId }, include: { run: true } })
    const { run } = item
    const options: ArticleOptions = { language: run.language, length: run.length, tone: run.tone }
    let reserved = 0
    try {
      // Room first: the provider's Retry-After, then the budget.
      for (;;) {
        if (closing) return await handBack(itemId)
        const current = await prisma.portraitRun.findUniqueOrThrow({ where: { id: run.id } })
        // Paused or ended: the item waits in the table; a resume sends it again.
        if (!['RUNNING', 'QUEUED'].includes(current.status)) return void (await release(itemId))
        const wait = (current.pausedUntil?.getTime() ?? 0) - Date.now()
        if (wait > 0) {
          await sleep(Math.min(wait, 1000))
          continue
        }
        reserved = await reserve(run.id, await expected(run.id, run.length))
        if (reserved) break
        // Portraits of this run still being written (or just ended) may leave room, and tell what one costs.
        const after = await prisma.portraitRun.findUniqueOrThrow({ where: { id: run.id } })
        if (after.reservedTokens > 0 || after.promptTokens + after.completionTokens !== current.promptTokens + current.completionTokens) {
          await sleep(after.reservedTokens > 0 ? 500 : 0)
          continue
        }
        await release(itemId)
        await prisma.portraitRun.updateMany({ where: { id: run.id, status: { in: ['RUNNING', 'QUEUED'] } }, data: { status: 'BUDGET_REACHED', finishedAt: new Date() } })
        logger.info({ runId: run.id }, 'portrait run stopped: the next portrait would pass its budget')
        return
      }
      let outcome: Outcome
      for (;;) {
        outcome = await write(itemId, item.artistId, run.id, options)
        // Refused for want of a slot (people come first): wait for one, without spending an attempt.
        if (outcome.kind === 'error' && outcome.error.code === 'RATE_LIMITED' && outcome.generationId === null && !closing) {
          await sleep(outcome.error.retryAfterMs ?? 1000)
          continue
        }
        break
      }
      if (outcome.kind === 'done') {
        const cost = costOf(prices, outcome.usage) ?? 0
        const spent = outcome.usage.promptTokens + outcome.usage.completionTokens
        // Checked as it is saved, so that a run of hundreds says which portraits to read first.
        const contradictions = await contradictionsOf(outcome.generationId).catch(() => null)
        await prisma.$transaction([
          prisma.portraitRunItem.update({
            where: { id: itemId },
            data: { status: 'DONE', generationId: outcome.generationId, tokens: spent, cost, contradictions, error: Prisma.DbNull, owner: null },
          }),
          prisma.portraitRun.update({
            where: { id: run.id },
            data: {
              done: { increment: 1 },
              promptTokens: { increment: outcome.usage.promptTokens },
              completionTokens: { increment: outcome.usage.completionTokens },
              cost: { increment: cost },
              reservedTokens: { decrement: reserved },
            },
          }),
        ])
        reserved = 0
        return
      }
      const { error } = outcome
      if (error.code === 'CANCELLED') {
        if (closing) return await handBack(itemId)
        const now = await prisma.portraitRun.findUniqueOrThrow({ where: { id: run.id } })
        if (now.status === 'PAUSED') return void (await release(itemId))
        if (now.status === 'CANCELLED') return void (await prisma.portraitRunItem.update({ where: { id: itemId }, data: { status: 'CANCELLED', owner: null } }))
      }
      // The provider said when to come back: the whole run waits, rather than hammering it.
      if (error.retryAfterMs && error.generationId) {
        await prisma.portraitRun.update({ where: { id: run.id }, data: { pausedUntil: new Date(Date.now() + error.retryAfterMs) } })
      }
      await retryOrFail(itemId, run.id, item.attempts, { code: error.code, message: error.message }, error.retryable)
    } finally {
      if (reserved) await prisma.portraitRun.update({ where: { id: run.id }, data: { reservedTokens: { decrement: reserved } } }).catch(() => {})
      await settle(run.id).catch((error: unknown) => logger.warn({ err: error, runId: run.id }, 'run not settled'))
    }
  }

  return {
    async work(job: PgBoss.JobWithMetadata<ItemJob>) {
      try {
        await work(job)
      } catch (error) {
        // The delivery fails and pg-boss tries it again later; the item waits for it in the queue.
        logger.error({ err: error, itemId: job.data.itemId }, 'portrait run item failed unexpectedly')
        await release(job.data.itemId).catch(() => {})
        throw error
      }
    },

    /** Says, for every item this instance writes, that it still does. */
    async heartbeat() {
      if (mine.size) await prisma.portraitRunItem.updateMany({ where: { id: { in: [...mine.keys()] }, owner: instanceId }, data: { heartbeatAt: new Date() } })
    },

    /** Stops taking items; those being written go back to the queue for another instance or the next start. */
    async close() {
      closing = true
      const ids = [...mine.entries()]
      await Promise.all(ids.map(([, entry]) => (entry.generationId ? articles.cancel(entry.generationId).catch(() => false) : entry.stop())))
      const deadline = Date.now() + 5000
      while (mine.size && Date.now() < deadline) await sleep(50)
    },
  }
}
