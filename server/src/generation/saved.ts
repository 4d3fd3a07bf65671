import type { Article, Artist, GenerationInfo } from '@portrait/schema/services'
import { countWords, targetWords, toArticle } from '../domain/article.ts'
import { chunkEvent, doneEvent, errorEvent, metadataEvent, notSavedYetEvent } from './events.ts'
import type { GenerationView } from './generation.ts'
import type { Push } from './hub/hub.ts'
import type { UnsavedText } from './hub/interfaces.ts'
import type { ArticleWriter } from './writer.ts'

/** Splits a saved article into line-sized chunks, so a reader renders it as it would a live one. */
const savedChunks = (markdown: string) => markdown.match(/[^\n]*\n|[^\n]+$/g) ?? []

/** A held text as the article it will be once saved. */
export function heldArticle(held: UnsavedText): Article {
  const { metadata } = held
  return toArticle({
    id: held.id,
    artistId: metadata.artist.id,
    markdown: held.markdown,
    ...metadata.options,
    model: metadata.model,
    status: held.status,
    finishReason: held.finishReason,
    promptTokens: held.promptTokens,
    completionTokens: held.completionTokens,
    reasoningTokens: held.reasoningTokens,
    firstTokenMs: held.firstTokenMs,
    durationMs: held.durationMs,
    createdAt: new Date(metadata.startedAt),
    updatedAt: new Date(held.heldAt),
  })
}

/** Saved articles, streamed and described as generations are. */
export function createSaved(writer: ArticleWriter) {
  /** Whether a saved article came from the built-in offline writer rather than a model. */
  const writtenOffline = (article: Article) => writer.offline && article.model === writer.model
  /** The length a saved article aimed at: the offline writer aims at the text it wrote whole. */
  const savedTarget = (article: Article) =>
    writtenOffline(article) && article.status === 'COMPLETE' ? countWords(article.markdown) : targetWords[article.length]
  const optionsOf = (article: Article) => ({ language: article.language, length: article.length, tone: article.tone })

  return {
    /**
     * Streams a saved article from a character offset, ending as its generation ended; a text held
     * until the database takes it (`unsaved`) ends saying so, retryably.
     */
    async serve(article: Article, artist: Artist, offset: number, push: Push, stopped: () => boolean, unsaved = false) {
      await push(
        metadataEvent({
          generationId: article.id,
          artist,
          model: article.model,
          offline: writtenOffline(article),
          options: optionsOf(article),
          targetWords: savedTarget(article),
          fromSaved: true,
          startedAt: article.createdAt,
        }),
      )
      let position = 0
      let seq = 0
      for (const piece of savedChunks(article.markdown)) {
        if (stopped()) return
        const end = position + piece.length
        if (end > offset) {
          const from = Math.max(position, offset)
          await push(chunkEvent(article.id, seq, from, article.markdown.slice(from, end)))
        }
        position = end
        seq++
      }
      if (stopped()) return
      if (unsaved) {
        await push(notSavedYetEvent(article.id))
      } else if (article.status === 'COMPLETE' || article.status === 'TRUNCATED') {
        await push(doneEvent(article, article.finishReason ?? 'stop'))
      } else {
        const cancelled = article.status === 'CANCELLED'
        const message = cancelled ? 'This article was cancelled before it was finished.' : 'This article failed before it was finished.'
        await push(errorEvent(article.id, cancelled ? 'CANCELLED' : 'UPSTREAM_UNAVAILABLE', message, true))
      }
    },

    /** A saved article seen as a finished generation. */
    info(article: Article & { artist: Artist }): GenerationInfo {
      return {
        id: article.id,
        artist: article.artist,
        model: article.model,
        offline: writtenOffline(article),
        options: optionsOf(article),
        status: article.status === 'WRITING' ? 'FAILED' : article.status,
        readers: 0,
        length: article.markdown.length,
        words: () => article.wordCount,
        targetWords: savedTarget(article),
        startedAt: article.createdAt,
        text: (from) => article.markdown.slice(from),
      }
    },
  }
}

/** A held text as pollers see it: still running until it is saved, so that they wait for the saved article. */
export function heldInfo(held: UnsavedText): GenerationInfo {
  const { metadata } = held
  return {
    id: held.id,
    artist: metadata.artist,
    model: metadata.model,
    offline: metadata.offline,
    options: metadata.options,
    status: 'RUNNING',
    readers: 0,
    length: held.markdown.length,
    words: () => countWords(held.markdown),
    targetWords: metadata.targetWords,
    startedAt: metadata.startedAt,
    text: (from) => held.markdown.slice(from),
  }
}

/** A running generation as pollers and operators see it. */
export function runningInfo(generation: GenerationView): GenerationInfo {
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
    words: () => countWords(generation.text),
    targetWords: metadata.targetWords,
    startedAt: metadata.startedAt,
    text: (from) => generation.text.slice(from),
  }
}
