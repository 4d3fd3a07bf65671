import type { Album, PrismaClient } from '@portrait/prisma'
import { isId } from '@portrait/schema'
import type { Article, ArticleErrorEvent, ArticleEvent, ArticleOptions, ArticleService, Artist, GenerateRequest } from '@portrait/schema/services'
import { Repeater } from 'graphql-yoga'
import type { RateLimiterAbstract } from 'rate-limiter-flexible'
import { targetWords, toArticle } from '../domain/article.ts'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import { createAdmission, type GenerationLimits } from './admission.ts'
import { errorEvent, metadataEvent } from './events.ts'
import { createFinalSaver } from './final-save.ts'
import type { GenerationView } from './generation.ts'
import type { GenerationHub, Push } from './hub/hub.ts'
import type { UnsavedStore } from './hub/interfaces.ts'
import { ENDED, isReader, type Reader } from '../streams/reader.ts'
import { createProducer } from './production.ts'
import { checkRequest, keyOf } from './request.ts'
import { createSaved, heldArticle, heldInfo, runningInfo } from './saved.ts'
import type { ArticleWriter, WriterError } from './writer.ts'

export interface ArticlesOptions {
  prisma: PrismaClient
  writer: ArticleWriter & { unavailable?: () => WriterError | null }
  hub: GenerationHub
  logger: Logger
  metrics?: Metrics
  limits?: GenerationLimits
  /** Where per-client counts live; shared (Redis) when several instances serve one address. @default in memory */
  limiter?: RateLimiterAbstract
  /** How often running text is saved (see createProducer). */
  checkpointMs?: number
  /** How long the final save of a finished text is retried while its readers wait (see createFinalSaver). */
  saveRetryMs?: number
  /** Where finished texts that wait for the database are shared with the other instances (Redis). */
  unsaved?: UnsavedStore
  /**
   * Whether the state shared with the other instances (Redis) is connected now: while it is not,
   * lookups there are not even tried (they would wait seconds for a reconnection) and saved
   * articles are served at once. @default always
   */
  sharedStateUp?: () => boolean
}

export interface Articles extends ArticleService {
  /** Whether a finished text waits under this id for the database to take it. */
  held(id: string): Promise<boolean>
  /** Cancels every running generation and waits until each is saved. */
  shutdown(): Promise<void>
}

/** Where a request leads: a generation to follow, a saved article to replay, or a refusal. */
type Route =
  | { kind: 'live'; generation: GenerationView; offset: number }
  /** `unsaved`: a finished text held until the database takes it. */
  | { kind: 'saved'; article: Article; artist: Artist; offset: number; unsaved?: boolean }
  | { kind: 'refused'; error: ArticleErrorEvent }

const refused = (error: ArticleErrorEvent): Route => ({ kind: 'refused', error })

const clusterUnavailable = () =>
  errorEvent(
    null,
    'CLUSTER_UNAVAILABLE',
    'This server cannot reach the state it shares with the other servers: a portrait being written elsewhere cannot be joined, nor a new one started. Saved portraits are still served; try again in a moment.',
    true,
    5_000,
  )

/** What a lookup in the instances' shared state (Redis) gives when that state cannot be reached. */
const unreachable = Symbol('unreachable')

/**
 * The article service: routes each request to a running generation, a saved article, or a new
 * generation (when the limits allow), for streaming and polling readers alike.
 */
export function createArticles({ prisma, writer, hub, logger, metrics, limits, limiter, checkpointMs, saveRetryMs, unsaved, sharedStateUp = () => true }: ArticlesOptions): Articles {
  const refusal = createAdmission({ writer, hub, limits, limiter, metrics })
  const saver = createFinalSaver({ prisma, logger, shared: unsaved, retryMs: saveRetryMs })
  const producer = createProducer({ prisma, writer, saver, logger, metrics, checkpointMs })
  const saved = createSaved(writer)
  const starting = new Map<string, Promise<GenerationView | ArticleErrorEvent>>()

  let warnedAt = 0
  /** Asks the shared state; when it cannot answer, saved articles are still served, so the caller goes on without it. */
  async function shared<T>(ask: () => Promise<T>): Promise<T | typeof unreachable> {
    try {
      if (!sharedStateUp()) throw new Error('not connected to the shared state')
      return await ask()
    } catch (error) {
      // Once in a while, not once per request, during an outage.
      if (Date.now() - warnedAt > 10_000) {
        warnedAt = Date.now()
        logger.warn({ err: error }, 'shared generation state unreachable; serving saved articles only')
      }
      return unreachable
    }
  }

  /** Starts a generation unless a limit refuses it. */
  /** Runs' starts, one at a time: each is counted before the next checks for a free slot. */
  let backgroundTurn: Promise<unknown> = Promise.resolve()

  function begin(artist: Artist, albums: Album[], options: ArticleOptions, key: string, request: GenerateRequest): Promise<GenerationView | ArticleErrorEvent> {
    if (!request.background) return admitAndStart(artist, albums, options, key, request)
    const turn = backgroundTurn.then(() => admitAndStart(artist, albums, options, key, request))
    backgroundTurn = turn.catch(() => {})
    return turn
  }

  async function admitAndStart(artist: Artist, albums: Album[], options: ArticleOptions, key: string, request: GenerateRequest): Promise<GenerationView | ArticleErrorEvent> {
    const refused = await shared(() => refusal(request.clientId, request.background))
    if (refused === unreachable) return clusterUnavailable()
    if (refused) return refused
    const requested = targetWords[options.length]
    const metadata = metadataEvent({
      generationId: crypto.randomUUID(),
      artist,
      model: writer.model,
      offline: writer.offline,
      options,
      targetWords: writer.plannedWords?.({ artist, albums, options, targetWords: requested }) ?? requested,
      fromSaved: false,
      startedAt: new Date(),
    })
    // Another instance may have claimed the same generation first: then this one follows it.
    const started = await shared(() => hub.start(key, metadata, producer(albums)))
    return started === unreachable ? clusterUnavailable() : started
  }

  async function route(request: GenerateRequest): Promise<Route> {
    const options = checkRequest(request, writer)
    if ('kind' in options) return refused(options)
    const { artistId, resume, regenerate } = request
    // Joining a running generation needs no database: a thousand readers of one article cost
    // a thousand map lookups, not a thousand queries.
    const key = keyOf(artistId, options)
    const running = await shared(() => (resume ? hub.byId(resume.generationId) : hub.byKey(key)))
    const reachable = running !== unreachable
    if (reachable && running && running.metadata.artist.id === artistId) return { kind: 'live', generation: running, offset: resume?.offset ?? 0 }
    // A finished text the database has not taken yet is never written again: saved now if the
    // database answers, else served as it is.
    const held = resume ? await saver.byId(resume.generationId, reachable) : regenerate ? undefined : await saver.byKey(key, reachable)
    if (held && held.metadata.artist.id === artistId) {
      const article = await saver.settle(held)
      const offset = resume?.offset ?? 0
      return article ? { kind: 'saved', article, artist: held.metadata.artist, offset } : { kind: 'saved', article: heldArticle(held), artist: held.metadata.artist, offset, unsaved: true }
    }
    // One round trip says all the rest: the artist, its albums (for a new generation) and the
    // saved articles this request may be served from.
    const savedWanted = [
      ...(resume && isId(resume.generationId) ? [{ id: resume.generationId }] : []),
      ...(regenerate ? [] : [{ status: 'COMPLETE' as const, ...options }]),
    ]
    const found = isId(artistId)
      ? await prisma.artist.findUnique({
          relationLoadStrategy: 'join',
          where: { id: artistId },
          include: {
            albums: { orderBy: [{ year: 'asc' }, { title: 'asc' }] },
            articles: savedWanted.length ? { where: { OR: savedWanted }, orderBy: { createdAt: 'desc' } } : false,
          },
        })
      : null
    if (!found) return refused(errorEvent(null, 'ARTIST_NOT_FOUND', 'No artist in the collection has this id.'))
    const { albums, articles = [], ...artist } = found
    if (resume) {
      const resumed = articles.find((article) => article.id === resume.generationId)
      // Still being written, perhaps elsewhere: its row holds only the last checkpoint, never served as the article.
      if (resumed?.status === 'WRITING' && !reachable) return refused(clusterUnavailable())
      if (resumed) return { kind: 'saved', article: toArticle(resumed), artist, offset: resume.offset }
      const current = reachable ? await shared(() => hub.byKey(key)) : unreachable
      if (current && current !== unreachable) return { kind: 'live', generation: current, offset: 0 }
    }
    const latest = regenerate ? undefined : articles.find((article) => article.status === 'COMPLETE')
    if (latest) return { kind: 'saved', article: toArticle(latest), artist, offset: 0 }
    // Whether it is being written elsewhere is only known to the shared state.
    const meanwhile = reachable ? await shared(() => hub.byKey(key)) : unreachable
    if (meanwhile === unreachable) return refused(clusterUnavailable())
    if (meanwhile) return { kind: 'live', generation: meanwhile, offset: 0 }
    // Reading saved articles and joining running ones is open; writing a new one spends tokens.
    if (!request.authenticated) return refused(errorEvent(null, 'UNAUTHENTICATED', 'Writing a new portrait needs an API token.'))
    // Readers racing to start the same generation share one start: one limit check, one model call.
    let start = starting.get(key)
    if (!start) {
      start = begin(artist, albums, options, key, request).finally(() => starting.delete(key))
      starting.set(key, start)
    }
    const generation = await start
    return 'kind' in generation ? refused(generation) : { kind: 'live', generation, offset: 0 }
  }

  /** Events pushed by `serve` (a saved article, a refusal), as an iterator that stops it when the reader leaves. */
  const pushed = (serve: (push: Push, stopped: () => boolean) => Promise<void>) =>
    new Repeater<ArticleEvent>(async (push, stop) => {
      let isStopped = false
      void stop.then(() => (isStopped = true))
      try {
        await serve(push, () => isStopped)
      } catch (error) {
        logger.error({ err: error }, 'article stream failed')
        if (!isStopped) await push(errorEvent(null, 'INTERNAL', 'The article stream failed unexpectedly.', true))
      } finally {
        stop()
      }
    })

  /** Where a request's events come from, once it is routed. */
  async function source(request: GenerateRequest): Promise<AsyncIterator<ArticleEvent>> {
    const to = await route(request).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))
    if (to instanceof Error) return pushed(() => Promise.reject(to))
    if (to.kind === 'refused') return pushed(async (push) => void (await push(to.error)))
    if (to.kind === 'saved') return pushed((push, stopped) => saved.serve(to.article, to.artist, to.offset, push, stopped, to.unsaved))
    // A running generation is pulled by its reader directly: nothing queued per reader or per event.
    return hub.follow(to.generation, to.offset)
  }

  return {
    generate(request) {
      let inner: AsyncIterator<ArticleEvent> | undefined
      let pollable: Reader<ArticleEvent> | undefined
      let left = false
      const routed = source(request).then((events) => {
        inner = events
        if (isReader<ArticleEvent>(events)) pollable = events
        // Left while routing: the reader it got is let go at once.
        if (left) void events.return?.()
        return events
      })
      // Not an async generator: the reader's return() must reach the source at once, even while a
      // next() waits on a stalled model.
      const events: Reader<ArticleEvent> = {
        poll() {
          if (left) return ENDED
          return pollable ? pollable.poll() : 'next'
        },
        wait() {
          return pollable && !left ? pollable.wait() : Promise.resolve()
        },
        next() {
          // Once routed, straight to the source: no turn of its own per event.
          if (inner && !left) return inner.next()
          return routed.then((from) => (left ? ENDED : from.next()))
        },
        async return() {
          left = true
          await inner?.return?.()
          return ENDED
        },
        [Symbol.asyncIterator]() {
          return events
        },
      }
      return events
    },

    cancel: (generationId) => hub.cancel(generationId, 'The generation was cancelled.'),

    async start(request) {
      const to = await route(request)
      if (to.kind === 'refused') return to.error
      if (to.kind === 'saved') return (await this.generation(to.article.id))!
      // Nobody streams it: each poll keeps it alive for another linger, from now.
      await hub.touch(to.generation.id)
      return runningInfo(to.generation)
    },

    async generation(id) {
      const running = await shared(() => hub.byId(id))
      if (running && running !== unreachable && !running.final) {
        await hub.touch(id)
        return runningInfo(running)
      }
      const held = await saver.byId(id, running !== unreachable)
      if (held) return heldInfo(held)
      const article = await prisma.article.findUnique({ where: { id }, include: { artist: true } })
      return article ? saved.info({ ...toArticle(article), artist: article.artist }) : null
    },

    async running(id) {
      const running = await hub.byId(id)
      return running && !running.final ? runningInfo(running) : null
    },

    activeGenerations: async () => hub.running().map(runningInfo),

    held: async (id) => (await saver.byId(id)) !== undefined,

    async shutdown() {
      // Finished texts still waiting for the database are held at once rather than holding the exit.
      await saver.close()
      await hub.shutdown()
      await Promise.race([saver.drain(), new Promise((resolve) => setTimeout(resolve, 2000).unref())])
    },
  }
}
