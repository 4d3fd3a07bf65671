import type { Album, ArticleErrorCode, ArticleOptions, Artist } from '@portrait/schema/services'

/** What a writer is asked to write about. */
export interface ArticleBrief {
  artist: Artist
  albums: Album[]
  options: ArticleOptions
  targetWords: number
}

export interface WriteResult {
  /** `stop`, or `length` when the model reached its limit and the text is cut short. */
  finishReason: string
  promptTokens: number | null
  completionTokens: number | null
  /** Tokens spent reasoning, when the provider reports them. */
  reasoningTokens?: number | null
}

/** Where a writer sends what it writes. */
export interface WriteSink {
  /** A new piece of the article's text. */
  text(delta: string): void
  /** The model is reasoning before its first text: readers are told it is thinking. */
  thinking(): void
}

/** Something that writes an article as a stream of text deltas. */
export interface ArticleWriter {
  /** The model name shown to readers and saved with the article. */
  readonly model: string
  /** True for the built-in writer that composes from collection data, not a language model. */
  readonly offline: boolean
  /**
   * How many words this writer will write, for a writer that knows before it starts (the offline
   * writer composes the whole text first). Readers' progress is measured against it instead of
   * the requested length, which such a writer does not aim at.
   */
  plannedWords?(brief: ArticleBrief): number
  /** Languages this writer can write (BCP 47); any, when absent. */
  readonly languages?: readonly string[]
  /**
   * Writes into `sink` and resolves when the text is complete. Rejects with a WriterError;
   * resolves or rejects promptly once `signal` aborts.
   */
  write(brief: ArticleBrief, sink: WriteSink, signal: AbortSignal): Promise<WriteResult>
}

/** An expected writer failure, with the code and wording a reader may see. */
export class WriterError extends Error {
  override name = 'WriterError'
  constructor(
    readonly code: ArticleErrorCode,
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
    options?: ErrorOptions,
  ) {
    super(message, options)
  }
}

