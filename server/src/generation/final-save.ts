import { setTimeout as sleep } from 'node:timers/promises'
import type { PrismaClient } from '@portrait/prisma'
import type { Article } from '@portrait/schema/services'
import type { Logger } from '../logger.ts'
import type { GenerationView } from './generation.ts'
import type { UnsavedStore, UnsavedText } from './hub/interfaces.ts'
import { createMemoryUnsaved } from './hub/memory-unsaved.ts'
import { elapsedMs, saveArticle } from './persist.ts'
import type { WriteResult } from './writer.ts'

export interface FinalSaverOptions {
  prisma: PrismaClient
  logger: Logger
  /** Where held texts are shared with the other instances (Redis); this process holds its own in memory either way. */
  shared?: UnsavedStore
  /** How long the final save of a finished text is retried while its readers wait. @default 30000 */
  retryMs?: number
  /** How often held texts are offered to the database again. @default 2000 */
  flushMs?: number
}

/** The longest wait between two attempts of a final save. */
const maxBackoffMs = 2000
/** An offer of a held text that gets no answer in this long is given up until the next round. */
const flushTimeoutMs = 10_000
/** How long a reader asking for a held text waits for it to be saved before it is served unsaved. */
const settleTimeoutMs = 1000

const textOf = (held: UnsavedText) => ({ id: held.id, metadata: held.metadata, text: held.markdown })

/**
 * Saves finished texts, whatever the database does for a while: the final save is retried with
 * backoff for `retryMs` while readers wait for it; a text still not saved then is held (in memory,
 * and in the shared store when there is one) and offered to the database again until it takes it.
 * A text paid for is never lost to a blip, nor written twice by the model.
 */
export function createFinalSaver({ prisma, logger, shared, retryMs = 30_000, flushMs = 2000 }: FinalSaverOptions) {
  const local = createMemoryUnsaved()
  const stores = shared ? [local, shared] : [local]
  const closing = new AbortController()
  let flushing = false

  const save = (held: UnsavedText) => saveArticle(prisma, textOf(held), held.status, held, held.firstTokenMs, held.durationMs)

  /** Asks each store in turn (this process's only, with `everywhere` false); a store that cannot answer (Redis down) is passed over. */
  async function find(ask: (store: UnsavedStore) => Promise<UnsavedText | undefined>, everywhere: boolean): Promise<UnsavedText | undefined> {
    for (const store of everywhere ? stores : [local]) {
      const found = await ask(store).catch((error: unknown) => void logger.warn({ err: error }, 'held texts not readable'))
      if (found) return found
    }
    return undefined
  }

  async function hold(held: UnsavedText) {
    for (const store of stores) await store.hold(held).catch((error: unknown) => logger.warn({ err: error, generationId: held.id }, 'text not shared while it waits to be saved'))
  }

  async function drop(held: UnsavedText) {
    for (const store of stores) await store.drop(held).catch((error: unknown) => logger.warn({ err: error, generationId: held.id }, 'saved text not dropped from its store'))
  }

  /** Offers every held text to the database once, stopping at the first refusal: it is down still. */
  async function flush() {
    if (flushing) return
    flushing = true
    try {
      const all = new Map<string, UnsavedText>()
      for (const store of stores) {
        for (const held of await store.all().catch(() => [])) all.set(held.id, held)
      }
      for (const held of all.values()) {
        const outcome = await attempt(held, flushTimeoutMs)
        if (outcome instanceof Error) {
          logger.debug({ err: outcome, generationId: held.id }, 'held text not saved yet')
          return
        }
        await drop(held)
        logger.info({ generationId: held.id, heldMs: Date.now() - held.heldAt }, 'held text saved')
      }
    } finally {
      flushing = false
    }
  }

  const flusher = setInterval(() => void flush(), flushMs)
  flusher.unref()

  /** One attempt, given up (not cancelled) when the time left runs out. */
  async function attempt(held: UnsavedText, leftMs: number): Promise<Article | Error> {
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<Error>((resolve) => (timer = setTimeout(() => resolve(new Error(`no answer in ${leftMs} ms`)), leftMs)))
    try {
      return await Promise.race([save(held).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error)))), timeout])
    } finally {
      clearTimeout(timer)
    }
  }

  return {
    /**
     * Saves a finished generation, retrying while its readers wait. Null when it could not be saved
     * in time: the text is then held and saved later.
     */
    async finish(generation: GenerationView, status: UnsavedText['status'], result: WriteResult, firstTokenMs: number | null): Promise<Article | null> {
      const held: UnsavedText = {
        id: generation.id,
        key: generation.key,
        metadata: generation.metadata,
        markdown: generation.text,
        status,
        finishReason: result.finishReason,
        promptTokens: result.promptTokens,
        completionTokens: result.completionTokens,
        reasoningTokens: result.reasoningTokens ?? null,
        firstTokenMs,
        durationMs: elapsedMs(generation),
        heldAt: 0,
      }
      const deadline = Date.now() + retryMs
      for (let wait = 100, tries = 1; ; tries++, wait = Math.min(wait * 2, maxBackoffMs)) {
        const outcome = await attempt(held, Math.max(1, deadline - Date.now()))
        if (!(outcome instanceof Error)) {
          if (tries > 1) logger.info({ generationId: held.id, tries }, 'finished text saved after retries')
          return outcome
        }
        if (tries === 1) logger.warn({ err: outcome, generationId: held.id, retryMs }, 'finished text not saved; retrying')
        if (closing.signal.aborted || Date.now() + wait >= deadline) break
        await sleep(wait, undefined, { signal: closing.signal }).catch(() => {})
      }
      await hold({ ...held, heldAt: Date.now() })
      logger.error({ generationId: held.id, chars: held.markdown.length, shared: Boolean(shared) }, 'finished text held until the database takes it')
      return null
    },

    /**
     * Offers one held text to the database now, for a reader asking for it: the saved article when
     * it takes it, else null (the reader is served the held text).
     */
    async settle(held: UnsavedText): Promise<Article | null> {
      const outcome = await attempt(held, settleTimeoutMs)
      if (outcome instanceof Error) return null
      await drop(held)
      return outcome
    },

    /** The text held for a request key, if one waits to be saved. */
    byKey: (key: string, everywhere = true) => find((store) => store.byKey(key), everywhere),
    /** The text held under a generation id, if it waits to be saved. */
    byId: (id: string, everywhere = true) => find((store) => store.get(id), everywhere),

    /** Stops retrying: what is not saved yet is held at once. */
    async close() {
      closing.abort()
      clearInterval(flusher)
    },

    /** After the generations have ended: one last offer, then what only this process held is lost. */
    async drain() {
      await flush()
      const left = await local.all()
      if (left.length && !shared) logger.error({ generationIds: left.map((held) => held.id) }, 'finished texts lost: the database did not take them before shutdown')
    },
  }
}

export type FinalSaver = ReturnType<typeof createFinalSaver>
