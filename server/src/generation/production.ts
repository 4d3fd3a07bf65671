import type { Album, PrismaClient } from '@portrait/prisma'
import type { Logger } from '../logger.ts'
import type { Metrics } from '../metrics.ts'
import { doneEvent, errorEvent, notSavedYetEvent } from './events.ts'
import type { FinalSaver } from './final-save.ts'
import type { Production } from './hub/hub.ts'
import { createCheckpointQueue } from './checkpoints.ts'
import { checkpointArticle, saveArticle, type Checkpointed } from './persist.ts'
import { WriterError, type ArticleWriter } from './writer.ts'

export interface ProducerOptions {
  prisma: PrismaClient
  writer: ArticleWriter
  /** Saves the finished text, through a database outage if need be. */
  saver: FinalSaver
  logger: Logger
  metrics?: Metrics
  /** How often the text written so far is saved while it is written. @default 2000 */
  checkpointMs?: number
}

/** How soon after its first words a generation is saved for the first time. */
const firstSaveMs = 300

/**
 * Runs the writer for one generation, with its metrics, and saves the outcome before its readers
 * hear of it, however it ends.
 */
export function createProducer({ prisma, writer, saver, logger, metrics, checkpointMs = 2000 }: ProducerOptions) {
  const queue = createCheckpointQueue()
  return (albums: Album[]) =>
    async function produce(production: Production) {
      const { generation } = production
      const log = logger.child({ generationId: generation.id })
      // A crash (SIGKILL, OOM, power) loses at most the text since the last checkpoint.
      let saved: Checkpointed | null = null
      let saving: Promise<void> | null = null
      const save = () => {
        if (saving || generation.text.length === (saved?.length ?? 0)) return Promise.resolve()
        // The first checkpoint creates the row; a row that another save has ended takes no more.
        saving = checkpointArticle(prisma, generation, saved)
          .then((held) => {
            if (held) saved = held
            else clearInterval(checkpoints)
          })
          .catch((err: unknown) => log.warn({ err }, 'checkpoint not saved'))
          .finally(() => (saving = null))
        return saving
      }
      const checkpoints = setInterval(() => queue.request(generation, save), checkpointMs)
      // The row is made soon after the first words, not a checkpoint interval later: from then on
      // the artist's portraits list it as being written, for every tab and instance. Not at once,
      // so a generation left within that time costs one write (its ending), not two.
      let firstSave: NodeJS.Timeout | undefined
      /** The ending is saved after any checkpoint in flight, never before it. */
      const stopCheckpoints = async () => {
        clearTimeout(firstSave)
        clearInterval(checkpoints)
        queue.cancel(generation)
        await saving
      }
      const { artist, options, targetWords } = generation.metadata
      const started = performance.now()
      let firstTokenMs: number | null = null
      let lastChunkAt = started
      log.info({ artist: artist.name, options, model: writer.model }, 'generation started')
      try {
        const result = await writer.write(
          { artist, albums, options, targetWords },
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
              production.append(text)
              firstSave ??= setTimeout(() => queue.request(generation, save), Math.min(firstSaveMs, checkpointMs))
            },
            thinking: () => production.think(),
          },
          production.signal,
        )
        // Cut at the model's length limit: kept, but never served as the artist's portrait.
        const truncated = result.finishReason === 'length'
        metrics?.upstreamRequests.inc({ outcome: truncated ? 'truncated' : 'complete' })
        metrics?.tokens.inc(result.completionTokens ?? generation.chunkCount)
        await stopCheckpoints()
        const article = await saver.finish(generation, truncated ? 'TRUNCATED' : 'COMPLETE', result, firstTokenMs)
        if (article) {
          production.end(doneEvent(article, result.finishReason))
          log.info({ chars: generation.text.length, firstTokenMs, durationMs: article.durationMs }, 'generation complete')
        } else {
          production.end(notSavedYetEvent(generation.id))
          log.warn({ chars: generation.text.length }, 'generation complete, not saved yet')
        }
      } catch (caught) {
        const error = caught instanceof WriterError ? caught : new WriterError('INTERNAL', 'The article could not be written.', true)
        if (!(caught instanceof WriterError)) log.error({ err: caught }, 'generation crashed')
        const cancelled = error.code === 'CANCELLED'
        metrics?.upstreamRequests.inc({ outcome: cancelled ? 'cancelled' : error.code.toLowerCase() })
        metrics?.tokens.inc(generation.chunkCount)
        await stopCheckpoints()
        if (generation.text) {
          await saveArticle(prisma, generation, cancelled ? 'CANCELLED' : 'FAILED', null, firstTokenMs).catch((err: unknown) => log.error({ err }, 'partial article not saved'))
        }
        production.end(errorEvent(generation.id, error.code, error.message, error.retryable, error.retryAfterMs))
        log.info({ code: error.code, chars: generation.text.length }, 'generation ended early')
      }
    }
}
