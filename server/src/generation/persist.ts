import { Prisma, type PrismaClient } from '@portrait/prisma'
import type { Article } from '@portrait/schema/services'
import { toArticle } from '../domain/article.ts'
import type { GenerationView } from './generation.ts'
import type { WriteResult } from './writer.ts'

const finished = new Set<Article['status']>(['COMPLETE', 'TRUNCATED'])

/**
 * Saves what a generation wrote, under the generation's id, however it ended. Two instances may
 * save the same generation (its owner, and one that believed the owner dead): the row keeps the
 * finished text over a partial one, and the longer partial text over a shorter one.
 */
export async function saveArticle(
  prisma: PrismaClient,
  generation: GenerationView,
  status: Article['status'],
  result: WriteResult | null = null,
  firstTokenMs: number | null = null,
): Promise<Article> {
  const { metadata } = generation
  const data = {
    markdown: generation.text,
    status,
    finishReason: result?.finishReason ?? null,
    promptTokens: result?.promptTokens ?? null,
    completionTokens: result?.completionTokens ?? null,
    reasoningTokens: result?.reasoningTokens ?? null,
    firstTokenMs,
    durationMs: Math.round(Date.now() - new Date(metadata.startedAt).getTime()),
  }
  try {
    const row = await prisma.article.create({
      data: {
        id: generation.id,
        artistId: metadata.artist.id,
        language: metadata.options.language,
        length: metadata.options.length,
        tone: metadata.options.tone,
        model: metadata.model,
        ...data,
      },
    })
    return toArticle(row)
  } catch (error) {
    if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== 'P2002') throw error
  }
  const saved = await prisma.article.findUniqueOrThrow({ where: { id: generation.id } })
  const better = !finished.has(saved.status) && (finished.has(status) || data.markdown.length > saved.markdown.length)
  return toArticle(better ? await prisma.article.update({ where: { id: generation.id }, data }) : saved)
}
