import { Prisma, type PrismaClient } from '@portrait/prisma'
import type { Article } from '@portrait/schema/services'
import { toArticle } from '../domain/article.ts'
import type { GenerationView } from './generation.ts'
import type { WriteResult } from './writer.ts'

const finished = new Set<Article['status']>(['COMPLETE', 'TRUNCATED'])

const isDuplicate = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'

/** What saving a generation needs of it: a running one, or a finished text held until the database takes it. */
export type Written = Pick<GenerationView, 'id' | 'metadata' | 'text'>

/** Milliseconds from a generation's start until now. */
export const elapsedMs = ({ metadata }: Written) => Math.round(Date.now() - new Date(metadata.startedAt).getTime())

/** The columns that say which generation a row holds; they never change once written. A row is dated from its generation's start. */
const identity = ({ id, metadata }: Written) => ({
  id,
  createdAt: new Date(metadata.startedAt),
  artistId: metadata.artist.id,
  language: metadata.options.language,
  length: metadata.options.length,
  tone: metadata.options.tone,
  model: metadata.model,
})

/** How much of its text a generation's row holds, as this instance last saved it. */
export interface Checkpointed {
  /** In UTF-16 code units, as the text's length. */
  length: number
  /** In UTF-8 bytes, as the database measures it (`octet_length`). */
  bytes: number
}

/**
 * Saves the text written so far as a WRITING row, so that a crash loses only what came after the
 * last checkpoint. Never overwrites a row that has ended. Returns what the row now holds, or null
 * when it does not hold this text (it ended, or another save made it).
 *
 * After the first, a checkpoint sends only what is new and appends it, provided the row still holds
 * exactly what this instance saved last: the 100th checkpoint of a long portrait carries two seconds
 * of text, not the whole of it. Otherwise the whole text is written, as the first one is.
 */
export async function checkpointArticle(prisma: PrismaClient, generation: GenerationView, saved: Checkpointed | null): Promise<Checkpointed | null> {
  const markdown = generation.text
  if (saved) {
    const tail = markdown.slice(saved.length)
    const appended = await prisma.$executeRaw`UPDATE articles SET markdown = markdown || ${tail}, updated_at = now()
      WHERE id = ${generation.id}::uuid AND status = 'WRITING' AND octet_length(markdown) = ${saved.bytes}`
    if (appended === 1) return { length: markdown.length, bytes: saved.bytes + Buffer.byteLength(tail) }
    const { count } = await prisma.article.updateMany({ where: { id: generation.id, status: 'WRITING' }, data: { markdown } })
    return count === 1 ? { length: markdown.length, bytes: Buffer.byteLength(markdown) } : null
  }
  try {
    await prisma.article.create({ data: { ...identity(generation), markdown, status: 'WRITING' } })
    return { length: markdown.length, bytes: Buffer.byteLength(markdown) }
  } catch (error) {
    if (isDuplicate(error)) return null
    throw error
  }
}

/**
 * Marks FAILED the WRITING rows whose writer is gone: not checkpointed for `quietMs` and not
 * running anywhere (`running` asks the hub, which knows every instance's generations). Their text
 * stays, and resuming them serves it as a saved article.
 */
export async function failAbandoned(prisma: PrismaClient, quietMs: number, running: (id: string) => Promise<boolean>): Promise<number> {
  const rows = await prisma.article.findMany({
    where: { status: 'WRITING', updatedAt: { lte: new Date(Date.now() - quietMs) } },
    select: { id: true },
  })
  let failed = 0
  for (const { id } of rows) {
    if (await running(id)) continue
    const { count } = await prisma.article.updateMany({ where: { id, status: 'WRITING' }, data: { status: 'FAILED' } })
    failed += count
  }
  return failed
}

/**
 * Saves what a generation wrote, under the generation's id, however it ended. Two instances may
 * save the same generation (its owner, and one that believed the owner dead): the row keeps the
 * finished text over a partial one, and the longer partial text over a shorter one. A checkpoint
 * (WRITING) always takes the ending, keeping the longer text unless the new one is finished.
 */
export async function saveArticle(
  prisma: PrismaClient,
  generation: Written,
  status: Article['status'],
  result: WriteResult | null = null,
  firstTokenMs: number | null = null,
  durationMs = elapsedMs(generation),
): Promise<Article> {
  const data = {
    markdown: generation.text,
    status,
    finishReason: result?.finishReason ?? null,
    promptTokens: result?.promptTokens ?? null,
    completionTokens: result?.completionTokens ?? null,
    reasoningTokens: result?.reasoningTokens ?? null,
    firstTokenMs,
    durationMs,
  }
  try {
    const row = await prisma.article.create({ data: { ...identity(generation), ...data } })
    return toArticle(row)
  } catch (error) {
    if (!isDuplicate(error)) throw error
  }
  const saved = await prisma.article.findUniqueOrThrow({ where: { id: generation.id } })
  const longer = data.markdown.length > saved.markdown.length
  if (saved.status === 'WRITING') {
    const keep = !finished.has(status) && !longer ? { markdown: saved.markdown } : {}
    const { count } = await prisma.article.updateMany({ where: { id: generation.id, status: 'WRITING' }, data: { ...data, ...keep } })
    // Another save ended the row between the read and this write: judge against that one.
    if (count === 0) return saveArticle(prisma, generation, status, result, firstTokenMs, durationMs)
    return toArticle(await prisma.article.findUniqueOrThrow({ where: { id: generation.id } }))
  }
  const better = !finished.has(saved.status) && (finished.has(status) || longer)
  return toArticle(better ? await prisma.article.update({ where: { id: generation.id }, data }) : saved)
}
