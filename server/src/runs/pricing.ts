import type { ArticleLength, PrismaClient } from '@portrait/prisma'
import { targetWords } from '../domain/article.ts'

export interface Prices {
  inputPerMTok: number
  outputPerMTok: number
  currency: string
}

/** A portrait's expected tokens, and whether nothing written backs the figure. */
export interface Expected {
  usage: Usage
  guess: boolean
}

export interface Usage {
  promptTokens: number
  completionTokens: number
}

/** What a portrait's tokens cost, or null when no prices are configured. */
export const costOf = (prices: Prices | null, usage: Usage) =>
  prices ? (usage.promptTokens * prices.inputPerMTok + usage.completionTokens * prices.outputPerMTok) / 1e6 : null

/**
 * The tokens one portrait is expected to take: the mean of the last portraits of that length and
 * model when there are some, else the prompt's usual size and the words asked for.
 */
export async function expectedUsage(prisma: PrismaClient, model: string, length: ArticleLength): Promise<Expected> {
  const recent = await prisma.article.findMany({
    where: { model, length, status: 'COMPLETE', promptTokens: { not: null }, completionTokens: { not: null } },
    orderBy: { createdAt: 'desc' },
    take: 50,
    select: { promptTokens: true, completionTokens: true },
  })
  if (recent.length) {
    const mean = (pick: (row: (typeof recent)[number]) => number) => Math.round(recent.reduce((sum, row) => sum + pick(row), 0) / recent.length)
    return { usage: { promptTokens: mean((row) => row.promptTokens!), completionTokens: mean((row) => row.completionTokens!) }, guess: false }
  }
  // About 1.4 tokens a word in English, more in other languages: the estimate errs high.
  return { usage: { promptTokens: 700, completionTokens: Math.round(targetWords[length] * 1.6) }, guess: true }
}
