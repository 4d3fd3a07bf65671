import type { PrismaClient } from '@portrait/prisma'
import type { Article } from '@portrait/schema/services'
import type { Generation } from './generation.ts'
import type { WriteResult } from './writer.ts'

/** Saves what a generation wrote, under the generation's id, however it ended. */
export function saveArticle(
  prisma: PrismaClient,
  generation: Generation,
  status: Article['status'],
  result: WriteResult | null = null,
  firstTokenMs: number | null = null,
): Promise<Article> {
  const { metadata } = generation
  return prisma.article.create({
    data: {
      id: generation.id,
      artistId: metadata.artist.id,
      markdown: generation.text,
      language: metadata.options.language,
      length: metadata.options.length,
      tone: metadata.options.tone,
      model: metadata.model,
      status,
      finishReason: result?.finishReason ?? null,
      promptTokens: result?.promptTokens ?? null,
      completionTokens: result?.completionTokens ?? null,
      reasoningTokens: result?.reasoningTokens ?? null,
      firstTokenMs,
      durationMs: Math.round(Date.now() - new Date(metadata.startedAt).getTime()),
    },
  })
}
