import type { Article as ArticleRow } from '@portrait/prisma'
import type { Article, ArticleLength } from '@portrait/schema/services'

/** About how many words each length asks for. */
export const targetWords: Record<ArticleLength, number> = { SHORT: 600, MEDIUM: 1500, LONG: 3000 }

/** Words as the web app counts them for its progress bar: runs of non-space characters. */
export const countWords = (text: string) => text.match(/\S+/g)?.length ?? 0

/** Completion tokens per second of streaming (after the first token), when the provider counted them. */
export function tokensPerSecond({ completionTokens, durationMs, firstTokenMs }: ArticleRow): number | null {
  const streaming = (durationMs ?? 0) - (firstTokenMs ?? 0)
  return completionTokens && streaming > 0 ? Math.round((completionTokens / streaming) * 10_000) / 10 : null
}

/** A saved row as services return it, with what is derived from it. */
export function toArticle(row: ArticleRow): Article {
  return { ...row, wordCount: countWords(row.markdown), tokensPerSecond: tokensPerSecond(row) }
}
