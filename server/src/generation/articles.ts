import type { Album, PrismaClient } from '@portrait/prisma'
import type {
  Article,
  ArticleEvent,
  ArticleOptions,
  ArticleService,
  Artist,
  GenerateRequest,
  GenerationInfo,
} from '@portrait/schema/services'
import { isId } from '@portrait/schema/utils'
import { Repeater } from 'graphql-yoga'
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import { errorEvent, Generation } from './generation.ts'
import type { GenerationHub, Push } from './hub.ts'
import { saveArticle } from './persist.ts'
import { baseLanguage, canonicalLanguage, languageName } from './language.ts'
import { countWords, targetWords, WriterError, type ArticleWriter } from './writer.ts'

export interface ArticlesOptions {
  prisma: PrismaClient
  writer: ArticleWriter & { unavailable?: () => WriterError | null }
  hub: GenerationHub
  logger: Logger
  metrics?: Metrics
  limits?: {
    /** New generations one client may start per window. @default 10 */
    perClient?: number
    /** @default 60000 */
    windowMs?: number
    /** Generations running at once on this server. @default 8 */
    concurrent?: number
  }
  /** Where per-client counts live; shared (Redis) when several instances serve one address. @default in memory */
  limiter?: RateLimiterAbstract
}

export interface Articles extends ArticleService {
  /** Cancels every running generation and waits until each is saved. */
  shutdown(): Promise<void>
}

const keyOf = (artistId: string, { language, length, tone }: ArticleOptions) => `${artistId}:${language}:${length}:${tone}`

/** Splits a saved article into line-sized chunks, so a reader renders it as it would a live one. */
const savedChunks = (markdown: string) => markdown.match(/[^\n]*\n|[^\n]+$/g) ?? []

function runningInfo(generation: Generation): GenerationInfo {
  const { metadata } = generation
  return {
    id: generation.id,
    artist: metadata.artist,
    model: metadata.model,
    offline: metadata.offline,
    options: metadata.options,
    status: generation.status.toUpperCase() as GenerationInfo['status'],
    readers: generation.readers,
    length: generation.text.length,
    targetWords: metadata.targetWords,
    startedAt: metadata.startedAt,
    text: (from) => generation.text.slice(from),
  }
}

/** The per-client limit's settings, for whichever store keeps its counts. */
export function limiterOptions(limits: ArticlesOptions['limits'] = {}) {
  return { points: limits.perClient ?? 10, duration: Math.max(1, Math.ceil((limits.windowMs ?? 60_000) / 1000)) }
}

/**
 * The article service: validates requests, serves saved articles, enforces the limits on starting
 * generations, runs the writer for each new generation and saves what it wrote, however it ended.
 */
export function createArticles({ prisma, writer, hub, logger, metrics, limits = {}, limiter }: ArticlesOptions): Articles {
  const perClient = limiter ?? new RateLimiterMemory(limiterOptions(limits))
  const concurrent = limits.concurrent ?? 8
  const pending = new Map<string, Promise<Generation | ArticleEvent>>()
  /** Whether a saved article came from the built-in offline writer rather than a model. */
  const writtenOffline = (article: Article) => writer.offline && article.model === writer.model
  /** The length a saved article aimed at: the offline writer aims at the text it wrote whole. */
  const savedTarget = (article: Article) =>
    writtenOffline(article) && article.status === 'COMPLETE' ? countWords(article.markdown) : targetWords[article.length]

  /** Runs the writer for one generation and saves the outcome before its readers hear of it. */
  function produce(albums: Album[]) {
    return async (generation: Generation) => {
      const log = logger.child({ generationId: generation.id })
      const { artist, options, targetWords: words } = generation.metadata
      const started = performance.now()
      let firstTokenMs: number | null = null
      let lastChunkAt = started
      log.info({ artist: artist.name, options, model: writer.model }, 'generation started')
      try {
        const result = await writer.write(
          { artist, albums, options, targetWords: words },
          {
            text: (text) => {
              const now = performance.now()
              if (firstTokenMs === null) {
                firstTokenMs = Math.round(now - started)
                metrics?.timeToFirstToken.observe(firstTokenMs / 1000)
              } else {
                metrics?.chunkInterval.observe((now - lastChunkAt) / 1000)
              }
              lastChunkAt = now
              generation.append(text)
            },
            thinking: () => generation.think(),
          },
          generation.controller.signal,
        )
        // Cut at the model's length limit: kept, but never served as the artist's portrait.
        const truncated = result.finishReason === 'length'
        metrics?.upstreamRequests.inc({ outcome: truncated ? 'truncated' : 'complete' })
        metrics?.tokens.inc(result.completionTokens ?? generation.chunkCount)
        const article = await saveArticle(prisma, generation, truncated ? 'TRUNCATED' : 'COMPLETE', result, firstTokenMs)
        generation.end({ kind: 'done', generationId: generation.id, article, finishReason: result.finishReason }, truncated ? 'truncated' : 'complete')
        log.info({ chars: generation.text.length, firstTokenMs, durationMs: article.durationMs }, 'generation complete')
      } catch (caught) {
        const error = caught instanceof WriterError ? caught : new WriterError('INTERNAL', 'The article could not be written.', true)
        if (!(caught instanceof WriterError)) log.error({ err: caught }, 'generation crashed')
        const cancelled = error.code === 'CANCELLED'
        metrics?.upstreamRequests.inc({ outcome: cancelled ? 'cancelled' : error.code.toLowerCase() })
        metrics?.tokens.inc(generation.chunkCount)
        if (generation.text) {
          await saveArticle(prisma, generation, cancelled ? 'CANCELLED' : 'FAILED', null, firstTokenMs).catch((err: unknown) => log.error({ err }, 'partial article not saved'))
        }
        generation.end(errorEvent(generation.id, error.code, error.message, error.retryable, error.retryAfterMs), cancelled ? 'cancelled' : 'failed')
        log.info({ code: error.code, chars: generation.text.length }, 'generation ended early')
      }
    }
  }

  /** Why a new generation may not start now, if it may not. */
  async function refusal(clientId: string): Promise<ArticleEvent | null> {
    const unavailable = writer.unavailable?.()
    if (unavailable) return errorEvent(null, unavailable.code, unavailable.message, unavailable.retryable, unavailable.retryAfterMs)
    if ((await hub.runningCount()) >= concurrent) {
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

  async function serveSaved(article: Article, artist: Artist, offset: number, push: Push, stopped: () => boolean) {
    await push({
      kind: 'metadata',
      generationId: article.id,
      artist,
      model: article.model,
      offline: writtenOffline(article),
      options: { language: article.language, length: article.length, tone: article.tone },
      targetWords: savedTarget(article),
      fromSaved: true,
      startedAt: article.createdAt,
    })
    let position = 0
    let seq = 0
    for (const piece of savedChunks(article.markdown)) {
      if (stopped()) return
      const end = position + piece.length
      if (end > offset) {
        const from = Math.max(position, offset)
        await push({ kind: 'chunk', generationId: article.id, seq, offset: from, delta: article.markdown.slice(from, end) })
      }
      position = end
      seq++
    }
    if (stopped()) return
    if (article.status === 'COMPLETE' || article.status === 'TRUNCATED') {
      await push({ kind: 'done', generationId: article.id, article, finishReason: article.finishReason ?? 'stop' })
    } else {
      const cancelled = article.status === 'CANCELLED'
      await push(errorEvent(article.id, cancelled ? 'CANCELLED' : 'UPSTREAM_UNAVAILABLE', cancelled ? 'This article was cancelled before it was finished.' : 'This article failed before it was finished.', true))
    }
  }

  /** Starts a generation unless a limit refuses it, in which case the refusal is returned. */
  async function begin(artist: Artist, options: ArticleOptions, key: string, clientId: string): Promise<Generation | ArticleEvent> {
    const refused = await refusal(clientId)
    if (refused) return refused
    const albums = await prisma.album.findMany({ where: { artistId: artist.id }, orderBy: [{ year: 'asc' }, { title: 'asc' }] })
    const requested = targetWords[options.length]
    const generation = new Generation(key, {
      kind: 'metadata',
      generationId: crypto.randomUUID(),
      artist,
      model: writer.model,
      offline: writer.offline,
      options,
      targetWords: writer.plannedWords?.({ artist, albums, options, targetWords: requested }) ?? requested,
      fromSaved: false,
      startedAt: new Date(),
    })
    // Another process may have claimed the same generation first: then this one follows it.
    return hub.start(generation, produce(albums))
  }

  async function stream({ artistId, options: asked, regenerate, resume, clientId, authenticated }: GenerateRequest, push: Push, stopped: () => boolean) {
    const language = canonicalLanguage(asked.language)
    if (!language) {
      await push(errorEvent(null, 'INVALID_OPTIONS', `"${asked.language.slice(0, 40)}" is not a language tag: use a BCP 47 tag such as "en", "fr" or "pt-BR".`))
      return
    }
    if (writer.languages && !writer.languages.includes(baseLanguage(language))) {
      const list = writer.languages.map((tag) => `"${tag}"`).join(' and ')
      await push(errorEvent(null, 'INVALID_OPTIONS', `The offline writer writes in ${list} only: configure a language model (LLM_BASE_URL) to write in ${languageName(language)}.`))
      return
    }
    const options = { ...asked, language }
    if (resume && (!Number.isInteger(resume.offset) || resume.offset < 0)) {
      await push(errorEvent(null, 'INVALID_OPTIONS', 'resume.offset must be a character offset, 0 or more.'))
      return
    }
    // Joining a running generation needs no database: a thousand readers of one article cost
    // a thousand map lookups, not a thousand queries.
    const key = keyOf(artistId, options)
    const running = resume ? await hub.byId(resume.generationId) : await hub.byKey(key)
    if (running && running.metadata.artist.id === artistId) return hub.follow(running, resume?.offset ?? 0, push, stopped)
    const artist = isId(artistId) ? await prisma.artist.findUnique({ where: { id: artistId } }) : null
    if (!artist) {
      await push(errorEvent(null, 'ARTIST_NOT_FOUND', 'No artist in the collection has this id.'))
      return
    }
    if (resume) {
      const saved = isId(resume.generationId) ? await prisma.article.findFirst({ where: { id: resume.generationId, artistId: artist.id } }) : null
      if (saved) return serveSaved(saved, artist, resume.offset, push, stopped)
      const current = await hub.byKey(key)
      if (current) return hub.follow(current, 0, push, stopped)
    }
    if (!regenerate) {
      const saved = await prisma.article.findFirst({
        where: { artistId: artist.id, status: 'COMPLETE', ...options },
        orderBy: { createdAt: 'desc' },
      })
      if (saved) return serveSaved(saved, artist, 0, push, stopped)
    }
    // Readers racing to start the same generation share one start: one limit check, one model call.
    const startedMeanwhile = await hub.byKey(key)
    if (startedMeanwhile) return hub.follow(startedMeanwhile, 0, push, stopped)
    // Reading saved articles and joining running ones is open; writing a new one spends tokens.
    if (!authenticated) {
      await push(errorEvent(null, 'UNAUTHENTICATED', 'Writing a new portrait needs an API token.'))
      return
    }
    let starting = pending.get(key)
    if (!starting) {
      starting = begin(artist, options, key, clientId).finally(() => pending.delete(key))
      pending.set(key, starting)
    }
    const generation = await starting
    if (!(generation instanceof Generation)) {
      await push(generation)
      return
    }
    return hub.follow(generation, 0, push, stopped)
  }

  return {
    generate(request) {
      // A Repeater, not an async generator: when the reader leaves, yoga's return() reaches it at
      // once, even while it waits on a stalled model.
      return new Repeater<ArticleEvent>(async (push, stop) => {
        let isStopped = false
        void stop.then(() => (isStopped = true))
        try {
          await stream(request, push, () => isStopped)
        } catch (error) {
          logger.error({ err: error }, 'article stream failed')
          if (!isStopped) await push(errorEvent(null, 'INTERNAL', 'The article stream failed unexpectedly.', true))
        } finally {
          stop()
        }
      })
    },

    cancel: async (generationId) => hub.cancel(generationId, 'The generation was cancelled.'),

    async start(request) {
      const events = this.generate(request)[Symbol.asyncIterator]()
      const first = (await events.next()).value as ArticleEvent | undefined
      // The stream is left at once: the generation lingers, and each poll of it renews that.
      await events.return?.()
      if (!first || first.kind === 'error') return first ?? errorEvent(null, 'INTERNAL', 'The generation did not start.', true)
      return (await this.generation(first.generationId)) ?? errorEvent(first.generationId, 'INTERNAL', 'The generation ended before it could be followed.', true)
    },

    async generation(id) {
      const running = await hub.byId(id)
      if (running && !running.final) {
        await hub.touch(id)
        return runningInfo(running)
      }
      const article = await prisma.article.findUnique({ where: { id }, include: { artist: true } })
      if (!article) return null
      return {
        id: article.id,
        artist: article.artist,
        model: article.model,
        offline: writtenOffline(article),
        options: { language: article.language, length: article.length, tone: article.tone },
        status: article.status,
        readers: 0,
        length: article.markdown.length,
        targetWords: savedTarget(article),
        startedAt: article.createdAt,
        text: (from) => article.markdown.slice(from),
      }
    },

    activeGenerations: async () => (await hub.list()).filter((generation) => !generation.final).map(runningInfo),

    shutdown: () => hub.shutdown(),
  }
}
