/** Test helpers: the events of an article stream, and the saved article it ends with. */
import type { ArticleErrorCode } from '../gql/graphql.ts'
import { reduceArticle, initialArticleState, type ArticleAction, type ArticleState, type SavedArticle, type StreamEvent } from './articleState.ts'

export const started = '2026-12-01T10:00:00.000Z'

export const metadata = (generationId = 'g1', startedAt = started, { fromSaved = false } = {}): StreamEvent => ({
  __typename: 'ArticleMetadata',
  generationId,
  model: 'm',
  offline: false,
  fromSaved,
  targetWords: 600,
  startedAt,
  language: 'en',
  articleLength: 'MEDIUM',
  tone: 'NEUTRAL',
})

export const chunk = (offset: number, delta: string, seq = 0, generationId = 'g1'): StreamEvent => ({ __typename: 'ArticleChunk', generationId, seq, offset, delta })

/** The end of a stream whose saved text is `text` (no hash: its length alone is checked). */
export const done = (text: string, status: 'COMPLETE' | 'TRUNCATED' = 'COMPLETE', generationId = 'g1'): StreamEvent => ({
  __typename: 'ArticleDone',
  generationId,
  finishReason: status === 'TRUNCATED' ? 'length' : 'stop',
  length: text.length,
  sha256: '',
  article: { id: generationId, wordCount: text.split(/\s+/).filter(Boolean).length, status, timings: { durationMs: null } },
})

export const failure = (code: ArticleErrorCode, retryAfterMs: number | null = null): StreamEvent => ({ __typename: 'ArticleError', code, message: code.toLowerCase(), retryable: true, retryAfterMs })

/** The article a generation saved, as `ArticleText` reads it. */
export const savedArticle = (markdown: string, changes: Partial<SavedArticle> & { durationMs?: number | null } = {}): SavedArticle => {
  const { durationMs = null, ...rest } = changes
  return {
    id: 'g1',
    markdown,
    status: 'COMPLETE',
    language: 'en',
    length: 'MEDIUM',
    tone: 'NEUTRAL',
    model: 'm',
    createdAt: started,
    wordCount: markdown.split(/\s+/).filter(Boolean).length,
    factChecks: [],
    usage: { promptTokens: 100, completionTokens: 700, reasoningTokens: null },
    timings: { durationMs, tokensPerSecond: null },
    ...rest,
  }
}

export const event = (e: StreamEvent, now = 1): ArticleAction => ({ type: 'event', event: e, now })
export const run = (actions: ArticleAction[], from: ArticleState = initialArticleState) => actions.reduce(reduceArticle, from)
