import { foldForSearch, Prisma, type Database, type PrismaClient } from '@portrait/prisma'
import type { ArticleOptions, ArticleService, FactService, PortraitRun, PortraitRunInput, PortraitRunItem, PortraitRunItemStatus, PortraitRunService } from '@portrait/schema/services'
import { GraphQLError } from 'graphql'
import { likeLiteral } from '../collection.ts'
import { toArticle } from '../domain/article.ts'
import { canonicalLanguage } from '../generation/language.ts'
import type { Logger } from '../logger.ts'
import { costOf, expectedUsage, type Prices } from './pricing.ts'
import type PgBoss from 'pg-boss'
import { ITEMS, openQueue, type ItemJob } from './queue.ts'
import { createItemWorker } from './worker.ts'

export interface RunsOptions {
  db: Database
  articles: ArticleService
  logger: Logger
  instanceId: string
  /** This process is the only one on its database (PGlite): every item RUNNING at start lost its writer. */
  alone: boolean
  /** The model portraits are written with, for the estimate. */
  model: string
  /** Items this instance writes at once. */
  concurrency: number
  /** Deliveries of an item before it is left FAILED. */
  maxAttempts: number
  prices: Prices | null
  /** How often an instance says it still writes its items; three missed say it is gone. @default 5000 */
  heartbeatMs?: number
  /** How often a watched run is read again. @default 1000 */
  watchMs?: number
  /** The collection's checks of a portrait's statements. */
  facts: FactService
}

export interface Runs extends PortraitRunService {
  close(): Promise<void>
}

const ended = new Set(['COMPLETE', 'CANCELLED', 'BUDGET_REACHED', 'FAILED'])

type RunRow = Prisma.PortraitRunGetPayload<object>

const fail = (code: string, message: string) => new GraphQLError(message, { extensions: { code } })

/** Portrait runs: chosen artists queued in pg-boss, written a few at a time by every instance, within a budget. */
export async function createRuns(options: RunsOptions): Promise<Runs> {
  const { db, articles, logger, instanceId, alone, model, concurrency, maxAttempts, prices, heartbeatMs = 5000, watchMs = 1000, facts } = options
  const prisma: PrismaClient = db.prisma
  /**
   * The queue and its workers start with the first run that is not over, here or on another
   * instance: a collection that never runs one pays nothing for them (pg-boss's schema takes
   * seconds to create on a new embedded database, and its workers poll).
   */
  let boss: PgBoss | null = null
  let opening: Promise<PgBoss> | null = null
  const workers: string[] = []
  function queue(): Promise<PgBoss> {
    opening ??= (async () => {
      const opened = await openQueue(db, logger, { retryLimit: maxAttempts - 1 })
      for (let i = 0; i < concurrency; i++) {
        const index = i
        // An idle instance asks the queue every few seconds; work it sends itself wakes it at once.
        const id = await opened.work<ItemJob>(ITEMS, { batchSize: 1, pollingIntervalSeconds: 3, includeMetadata: true }, async ([job]) => {
          try {
            await worker.work(job!)
          } finally {
            // pg-boss waits out the polling interval after a short job: the next one is asked for at once.
            opened.notifyWorker(workers[index]!)
          }
        })
        workers.push(id)
      }
      boss = opened
      return opened
    })()
    opening.catch(() => (opening = null))
    return opening
  }
  const unfinished = () => prisma.portraitRun.count({ where: { status: { in: ['QUEUED', 'RUNNING', 'PAUSED'] } } })

  const toRun = (row: RunRow): PortraitRun => {
    const tokens = row.promptTokens + row.completionTokens
    const remaining = Math.max(0, row.total - row.done - row.failed)
    const elapsed = (row.finishedAt ?? new Date()).getTime() - row.createdAt.getTime()
    return {
      id: row.id,
      status: row.status,
      options: { language: row.language, length: row.length, tone: row.tone },
      total: row.total,
      done: row.done,
      failed: row.failed,
      remaining,
      tokens,
      cost: prices ? row.cost : null,
      currency: prices?.currency ?? null,
      budgetTokens: row.budgetTokens,
      budgetCost: row.budgetCost,
      pausedUntil: row.pausedUntil && row.pausedUntil > new Date() ? row.pausedUntil : null,
      etaMs: ended.has(row.status) ? 0 : row.done + row.failed > 0 ? Math.round((elapsed / (row.done + row.failed)) * remaining) : null,
      createdAt: row.createdAt,
      finishedAt: row.finishedAt,
    }
  }

  async function load(id: string): Promise<RunRow> {
    const row = await prisma.portraitRun.findUnique({ where: { id } })
    if (!row) throw fail('RUN_NOT_FOUND', 'No portrait run has this id.')
    return row
  }

  /** The artists an input chooses, in sort-name order. */
  async function choose(input: PortraitRunInput, options: ArticleOptions) {
    const where: Prisma.ArtistWhereInput[] = []
    if (input.artistIds?.length) where.push({ id: { in: input.artistIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id)) } })
    const text = input.search ? foldForSearch(input.search) : ''
    if (text) where.push({ searchText: { contains: likeLiteral(text) } })
    if (input.genre) where.push({ genres: { has: input.genre } })
    if (input.missingOnly ?? true) where.push({ articles: { none: { status: 'COMPLETE', ...options } } })
    return prisma.artist.findMany({ where: { AND: where }, orderBy: [{ sortKey: 'asc' }, { id: 'asc' }], select: { id: true } })
  }

  function optionsOf(input: PortraitRunInput): ArticleOptions {
    const language = canonicalLanguage(input.options.language)
    if (!language) throw fail('INVALID_OPTIONS', `"${input.options.language.slice(0, 40)}" is not a language tag: use a BCP 47 tag such as "en" or "fr".`)
    for (const [name, value] of [['budgetTokens', input.budgetTokens], ['budgetCost', input.budgetCost]] as const) {
      if (value !== null && value !== undefined && !(value > 0)) throw fail('BAD_USER_INPUT', `${name} must be more than 0.`)
    }
    if (input.budgetCost != null && !prices) throw fail('BAD_USER_INPUT', 'budgetCost needs prices: set LLM_PRICE_INPUT_PER_MTOK and LLM_PRICE_OUTPUT_PER_MTOK.')
    return { ...input.options, language }
  }

  const send = async (itemIds: string[], startAfter?: Date) => {
    if (!itemIds.length) return
    const boss = await queue()
    await boss.insert(itemIds.map((itemId) => ({ name: ITEMS, data: { itemId } satisfies ItemJob, ...(startAfter ? { startAfter } : {}) })))
    // This instance's idle workers look at once rather than at their next poll.
    if (!startAfter) for (const id of workers) boss.notifyWorker(id)
  }

  /** Ends a run whose items are all done, failed or cancelled. */
  async function settle(runId: string) {
    const open = await prisma.portraitRunItem.count({ where: { runId, status: { in: ['QUEUED', 'RUNNING'] } } })
    if (open) return
    const run = await prisma.portraitRun.findUnique({ where: { id: runId } })
    if (!run || !['RUNNING', 'QUEUED'].includes(run.status)) return
    const status = run.done === 0 && run.failed > 0 ? 'FAILED' : 'COMPLETE'
    await prisma.portraitRun.updateMany({ where: { id: runId, status: { in: ['RUNNING', 'QUEUED'] } }, data: { status, finishedAt: new Date(), reservedTokens: 0 } })
  }

  const contradictionsOf = async (generationId: string) => {
    const row = await prisma.article.findUnique({ where: { id: generationId } })
    return row ? (await facts.checksOf(toArticle(row))).filter((check) => check.status === 'CONTRADICTED').length : null
  }
  const worker = createItemWorker({ prisma, articles, logger, instanceId, prices, maxAttempts, model, send, settle, contradictionsOf })

  /** Items whose instance stopped writing them go back to the queue: a killed process, a lost machine. */
  async function sweep(olderThanMs: number) {
    const lost = await prisma.portraitRunItem.findMany({
      where: { status: 'RUNNING', OR: [{ heartbeatAt: null }, { heartbeatAt: { lt: new Date(Date.now() - olderThanMs) } }], NOT: { owner: instanceId } },
      select: { id: true, runId: true },
    })
    if (!lost.length) return
    const ids = lost.map((item) => item.id)
    await prisma.portraitRunItem.updateMany({ where: { id: { in: ids }, status: 'RUNNING' }, data: { status: 'QUEUED', owner: null } })
    logger.warn({ items: ids.length }, 'portraits of a stopped instance put back in the queue')
    await send(ids)
  }
  if (await unfinished()) await queue()
  await sweep(alone ? 0 : 3 * heartbeatMs)
  const beats = setInterval(() => {
    // A run started on another instance brings this one's workers too.
    ;(boss ? Promise.resolve() : unfinished().then((count) => void (count && queue())))
      .then(() => worker.heartbeat())
      .then(() => sweep(3 * heartbeatMs))
      .catch((error: unknown) => logger.warn({ err: error }, 'portrait run heartbeat failed'))
  }, heartbeatMs)
  beats.unref()

  async function transition(id: string, from: string[], to: PortraitRun['status'], verb: string) {
    const run = await load(id)
    if (!from.includes(run.status)) throw fail('RUN_STATE', `This run is ${run.status.toLowerCase().replace('_', ' ')}: it cannot be ${verb}.`)
    await prisma.portraitRun.updateMany({ where: { id, status: { in: from as never } }, data: { status: to, ...(ended.has(to) ? { finishedAt: new Date() } : {}) } })
  }

  return {
    async estimate(input) {
      const options = optionsOf(input)
      const [artists, { usage: per }] = await Promise.all([choose(input, options), expectedUsage(prisma, model, options.length)])
      const total = { promptTokens: per.promptTokens * artists.length, completionTokens: per.completionTokens * artists.length }
      return { artists: artists.length, tokens: total.promptTokens + total.completionTokens, cost: costOf(prices, total), currency: prices?.currency ?? null }
    },

    async start(input) {
      const options = optionsOf(input)
      const artists = await choose(input, options)
      if (!artists.length) throw fail('NO_ARTISTS', 'No artist matches: every chosen artist may already have a portrait with these options.')
      const id = crypto.randomUUID()
      const items = artists.map((artist, position) => ({ id: crypto.randomUUID(), runId: id, artistId: artist.id, position, status: 'QUEUED' as const }))
      await prisma.$transaction([
        prisma.portraitRun.create({
          data: {
            id, status: 'RUNNING', ...options, total: items.length,
            selection: { artistIds: input.artistIds ?? null, missingOnly: input.missingOnly ?? true, search: input.search ?? null, genre: input.genre ?? null },
            budgetTokens: input.budgetTokens ?? null, budgetCost: input.budgetCost ?? null,
          },
        }),
        prisma.portraitRunItem.createMany({ data: items }),
      ])
      for (let i = 0; i < items.length; i += 1000) await send(items.slice(i, i + 1000).map((item) => item.id))
      logger.info({ runId: id, artists: items.length, options }, 'portrait run started')
      return toRun(await load(id))
    },

    run: async (id) => {
      const row = await prisma.portraitRun.findUnique({ where: { id } })
      return row && toRun(row)
    },

    runs: async (first) => (await prisma.portraitRun.findMany({ orderBy: { createdAt: 'desc' }, take: first })).map(toRun),

    async items(runId, first, after, status, contradicted) {
      const rows = await prisma.portraitRunItem.findMany({
        where: {
          runId,
          ...(after !== null ? { position: { gt: after } } : {}),
          ...(status?.length ? { status: { in: status } } : {}),
          ...(contradicted === true ? { contradictions: { gt: 0 } } : contradicted === false ? { contradictions: 0 } : {}),
        },
        orderBy: { position: 'asc' },
        take: first,
        include: { artist: true },
      })
      return rows.map(
        (row): PortraitRunItem => ({
          id: row.id, position: row.position, artist: row.artist, status: row.status as PortraitRunItemStatus, attempts: row.attempts,
          generationId: row.generationId, error: row.error as PortraitRunItem['error'], tokens: row.tokens, cost: row.cost,
          contradictions: row.contradictions,
        }),
      )
    },

    contradicted: (runId) => prisma.portraitRunItem.count({ where: { runId, contradictions: { gt: 0 } } }),

    async pause(id) {
      await transition(id, ['RUNNING', 'QUEUED'], 'PAUSED', 'paused')
      return toRun(await load(id))
    },

    async resume(id) {
      await transition(id, ['PAUSED'], 'RUNNING', 'resumed')
      // Deliveries that found the run paused were let go: the waiting items are sent again.
      const waiting = await prisma.portraitRunItem.findMany({ where: { runId: id, status: 'QUEUED' }, select: { id: true } })
      for (let i = 0; i < waiting.length; i += 1000) await send(waiting.slice(i, i + 1000).map((item) => item.id))
      await settle(id)
      return toRun(await load(id))
    },

    async cancel(id) {
      await transition(id, ['RUNNING', 'QUEUED', 'PAUSED'], 'CANCELLED', 'cancelled')
      await prisma.portraitRunItem.updateMany({ where: { runId: id, status: 'QUEUED' }, data: { status: 'CANCELLED' } })
      // The portraits being written stop now: the model is not paid for text nobody asked for any more.
      const writing = await prisma.portraitRunItem.findMany({ where: { runId: id, status: 'RUNNING', generationId: { not: null } }, select: { generationId: true } })
      await Promise.all(writing.map((item) => articles.cancel(item.generationId!).catch(() => false)))
      return toRun(await load(id))
    },

    async retryFailed(id) {
      const run = await load(id)
      if (run.status === 'CANCELLED') throw fail('RUN_STATE', 'This run is cancelled: start a new run for its failed artists.')
      const failed = await prisma.portraitRunItem.findMany({ where: { runId: id, status: 'FAILED' }, select: { id: true } })
      if (!failed.length) return toRun(run)
      const ids = failed.map((item) => item.id)
      await prisma.$transaction([
        prisma.portraitRunItem.updateMany({ where: { id: { in: ids }, status: 'FAILED' }, data: { status: 'QUEUED', attempts: 0, error: Prisma.DbNull } }),
        prisma.portraitRun.update({
          where: { id },
          data: { failed: { decrement: ids.length }, ...(ended.has(run.status) ? { status: 'RUNNING', finishedAt: null } : {}) },
        }),
      ])
      await send(ids)
      return toRun(await load(id))
    },

    async *watch(id) {
      let last = ''
      for (;;) {
        const row = await prisma.portraitRun.findUnique({ where: { id } })
        if (!row) return
        const run = toRun(row)
        // Its items change too (a portrait starts, gets its generation): readers listing them hear of it.
        const items = await prisma.portraitRunItem.aggregate({ where: { runId: id }, _max: { updatedAt: true } })
        const seen = JSON.stringify({ ...run, etaMs: null, items: items._max.updatedAt })
        if (seen !== last) {
          last = seen
          yield run
        }
        if (ended.has(run.status)) return
        await new Promise((resolve) => setTimeout(resolve, watchMs))
      }
    },

    async close() {
      clearInterval(beats)
      await worker.close()
      await opening?.catch(() => {})
      await (boss as PgBoss | null)?.stop({ graceful: true, wait: true, timeout: 5000, close: false })
    },
  }
}
