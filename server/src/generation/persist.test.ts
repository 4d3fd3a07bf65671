import { randomUUID } from 'node:crypto'
import { openDatabase, seed, type Database } from '@portrait/prisma'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshPostgresDatabase, postgresUrl } from '../../../prisma/test/databases.ts'
import { seededDataDir } from '../../test/tserver.ts'
import type { GenerationView } from './generation.ts'
import { checkpointArticle, type Checkpointed } from './persist.ts'

/** Text as models write it: accents, curly quotes, an emoji outside the BMP (two UTF-16 units, four bytes). */
const pieces = ['Björk Guðmundsdóttir ', '“Homogenic” ', 'was recorded in Málaga 🎻 ', 'and mixed in London. ', '\n\n## Legacy\n\n']

const where = [{ name: 'PGlite', url: undefined as string | undefined }, ...(postgresUrl() ? [{ name: 'PostgreSQL', url: postgresUrl() }] : [])]

describe.each(where)('checkpoints of a portrait being written ($name)', ({ url }) => {
  let db: Database
  let artistId: string
  const cleanup: (() => unknown)[] = []
  beforeAll(async () => {
    if (url) {
      const fresh = await freshPostgresDatabase(url)
      cleanup.push(fresh.drop)
      db = await openDatabase({ databaseUrl: fresh.url })
      await db.migrate()
      await seed(db.prisma)
    } else {
      const dir = await seededDataDir()
      cleanup.push(dir.remove)
      db = await openDatabase({ dataDir: dir.dataDir })
    }
    artistId = (await db.prisma.artist.findFirstOrThrow()).id
  })
  afterAll(async () => {
    await db.close()
    for (const undo of cleanup.reverse()) await undo()
  })

  const generation = () => {
    const view = {
      id: randomUUID(),
      text: '',
      metadata: { startedAt: new Date().toISOString(), model: 'test-model', artist: { id: artistId }, options: { language: 'en', length: 'SHORT', tone: 'NEUTRAL' } },
    }
    return view as typeof view & GenerationView
  }
  const row = (id: string) => db.prisma.article.findUniqueOrThrow({ where: { id } })

  it('holds exactly the text after every checkpoint, each sending only what is new', async () => {
    const written = generation()
    let saved: Checkpointed | null = null
    for (let i = 0; i < 60; i++) {
      written.text += pieces[i % pieces.length]
      saved = await checkpointArticle(db.prisma, written, saved)
      expect(saved).toEqual({ length: written.text.length, bytes: Buffer.byteLength(written.text) })
    }
    const held = await row(written.id)
    expect(held.markdown).toBe(written.text)
    expect(held.status).toBe('WRITING')
  })

  it('writes the whole text when the row no longer holds what it saved last, and nothing on a row that has ended', async () => {
    const written = generation()
    written.text = pieces.join('')
    let saved = await checkpointArticle(db.prisma, written, null)
    // Another instance, believing this one dead, saved a longer partial text meanwhile.
    await db.prisma.article.update({ where: { id: written.id }, data: { markdown: `${written.text}and more from elsewhere` } })
    written.text += 'Then came Vespertine.'
    saved = await checkpointArticle(db.prisma, written, saved)
    expect((await row(written.id)).markdown).toBe(written.text)
    expect(saved?.bytes).toBe(Buffer.byteLength(written.text))
    await db.prisma.article.update({ where: { id: written.id }, data: { status: 'COMPLETE' } })
    const before = written.text
    written.text += ' A late word.'
    expect(await checkpointArticle(db.prisma, written, saved)).toBeNull()
    expect((await row(written.id)).markdown).toBe(before)
  })
})
