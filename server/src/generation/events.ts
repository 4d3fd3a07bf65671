import { createHash } from 'node:crypto'
import type {
  Article,
  ArticleChunkEvent,
  ArticleDoneEvent,
  ArticleErrorEvent,
  ArticleEvent,
  ArticleMetadataEvent,
  ArticleThinkingEvent,
} from '@portrait/schema/services'

/** The events of an article stream, each made here and nowhere else. */

export function metadataEvent(fields: Omit<ArticleMetadataEvent, 'kind'>): ArticleMetadataEvent {
  return { kind: 'metadata', ...fields }
}

export function thinkingEvent(generationId: string, since: number, now = Date.now()): ArticleThinkingEvent {
  return { kind: 'thinking', generationId, since: new Date(since), elapsedMs: now - since }
}

export function chunkEvent(generationId: string, seq: number, offset: number, delta: string): ArticleChunkEvent {
  return { kind: 'chunk', generationId, seq, offset, delta }
}

export function doneEvent(article: Article, finishReason: string): ArticleDoneEvent {
  const sha256 = createHash('sha256').update(article.markdown).digest('hex')
  return { kind: 'done', generationId: article.id, article, finishReason, length: article.markdown.length, sha256 }
}

export function errorEvent(
  generationId: string | null,
  code: ArticleErrorEvent['code'],
  message: string,
  retryable = false,
  retryAfterMs: number | null = null,
): ArticleErrorEvent {
  return { kind: 'error', generationId, code, message, retryable, retryAfterMs }
}

/** The end of a finished text the database has not taken yet: it is held, and saved as soon as it can be. */
export const notSavedYetEvent = (generationId: string) =>
  errorEvent(
    generationId,
    'NOT_SAVED_YET',
    'The portrait is written, but the database cannot save it yet: it is kept and saved as soon as it can be. Ask again in a moment to read it.',
    true,
    5_000,
  )

/** A stream's last event: its done or error. */
export type FinalEvent = ArticleDoneEvent | ArticleErrorEvent

export type GenerationStatus = 'running' | 'complete' | 'truncated' | 'cancelled' | 'failed'

/** How a generation ended, read from its last event. */
export function statusOf(final: FinalEvent): GenerationStatus {
  if (final.kind === 'done') return final.article.status === 'TRUNCATED' ? 'truncated' : 'complete'
  return final.code === 'CANCELLED' ? 'cancelled' : 'failed'
}

export const isFinal = (event: ArticleEvent): event is FinalEvent => event.kind === 'done' || event.kind === 'error'
