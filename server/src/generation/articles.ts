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
import type { GenerationView } from './generation.ts'
import type { GenerationHub, Push } from './hub/hub.ts'
import { isPollable, type Pollable } from '../streams/pollable.ts'
import { createProducer } from './production.ts'
import { checkRequest, keyOf } from './request.ts'
import { createSaved, runningInfo } from './saved.ts'
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
}

export interface Articles extends ArticleService {
  /** Cancels every running generation and waits until each is saved. */
  shutdown(): Promise<void>
}

/** Where a request leads: a generation to follow, a saved article to replay, or a refusal. */
type Route =
  | { kind: 'live'; generation: GenerationView; offset: number }
  | { kind: 'saved'; article: Article; artist: Artist; offset: number }
  | { kind: 'refused'; error: ArticleErrorEvent }

const refused = (error: ArticleErrorEvent): Route => ({ kind: 'refused', error })

/**
 * The article service: routes each request to a running generation, a saved article, or a new
 * generation (when the limits allow), for streaming and polling readers alike.
 */
export function createArticles({ prisma, writer, hub, logger, metrics, limits, limiter, checkpointMs }: ArticlesOptions): Articles {
  const refusal = createAdmission({ writer, hub, limits, limiter, metrics })
  const producer = createProducer({ prisma, writer, logger, metrics, checkpointMs })
  const saved = createSaved(writer)
  const starting = new Map<string, Promise<GenerationView | ArticleErrorEvent>>()

  /** Starts a generation unless a limit refuses it. */
  async function begin(artist: Artist, albums: Album[], options: ArticleOptions, key: string, clientId: string): Promise<GenerationView | ArticleErrorEvent> {
    const refused = await refusal(clientId)
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
    return hub.start(key, metadata, producer(albums))
  }

  async function route(request: GenerateRequest): Promise<Route> {
    const options = checkRequest(request, writer)
    if ('kind' in options) return refused(options)
    const { artistId, resume, regenerate } = request
    // Joining a running generation needs no database: a thousand readers of one article cost
    // a thousand map lookups, not a thousand queries.
    const key = keyOf(artistId, options)
    const running = resume ? await hub.byId(resume.generationId) : await hub.byKey(key)
    if (running && running.metadata.artist.id === artistId) return { kind: 'live', generation: running, offset: resume?.offset ?? 0 }
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
      if (resumed) return { kind: 'saved', article: toArticle(resumed), artist, offset: resume.offset }
      const current = await hub.byKey(key)
      if (current) return { kind: 'live', generation: current, offset: 0 }
    }
    const latest = regenerate ? undefined : articles.find((article) => article.status === 'COMPLETE')
    if (latest) return { kind: 'saved', article: toArticle(latest), artist, offset: 0 }
    const meanwhile = await hub.byKey(key)
    if (meanwhile) return { kind: 'live', generation: meanwhile, offset: 0 }
    // Reading saved articles and joining running ones is open; writing a new one spends tokens.
    if (!request.authenticated) return refused(errorEvent(null, 'UNAUTHENTICATED', 'Writing a new portrait needs an API token.'))
    // Readers racing to start the same generation share one start: one limit check, one model call.
    let start = starting.get(key)
    if (!start) {
      start = begin(artist, albums, options, key, request.clientId).finally(() => starting.delete(key))
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
    if (to.kind === 'saved') return pushed((push, stopped) => saved.serve(to.article, to.artist, to.offset, push, stopped))
    // A running generation is pulled by its reader directly: nothing queued per reader or per event.
    return hub.follow(to.generation, to.offset)
  }

  const done: IteratorReturnResult<undefined> = { done: true, value: undefined }

  return {
    generate(request) {
      let inner: AsyncIterator<ArticleEvent> | undefined
      let pollable: Pollable<ArticleEvent> | undefined
      let left = false
      const routed = source(request).then((events) => {
        inner = events
        if (isPollable<ArticleEvent>(events)) pollable = events
        // Left while routing: the reader it got is let go at once.
        if (left) void events.return?.()
        return events
      })
      // Not an async generator: the reader's return() must reach the source at once, even while a
      // next() waits on a stalled model.
      const events: AsyncIterableIterator<ArticleEvent> & Pollable<ArticleEvent> = {
        poll() {
          if (left) return done
          return pollable ? pollable.poll() : 'next'
        },
        wait() {
          return pollable && !left ? pollable.wait() : Promise.resolve()
        },
        next() {
          // Once routed, straight to the source: no turn of its own per event.
          if (inner && !left) return inner.next()
          return routed.then((from) => (left ? done : from.next()))
        },
        async return() {
          left = true
          await inner?.return?.()
          return done
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
      const running = await hub.byId(id)
      if (running && !running.final) {
        await hub.touch(id)
        return runningInfo(running)
      }
      const article = await prisma.article.findUnique({ where: { id }, include: { artist: true } })
      return article ? saved.info({ ...toArticle(article), artist: article.artist }) : null
    },

    async running(id) {
      const running = await hub.byId(id)
      return running && !running.final ? runningInfo(running) : null
    },

    activeGenerations: async () => hub.running().map(runningInfo),

    shutdown: () => hub.shutdown(),
  }
}
