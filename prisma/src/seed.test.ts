import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDataDir } from '../test/databases.ts'
import { openDatabase, type Database } from './database.ts'
import { readSeed, seed } from './seed.ts'

describe('seed collection', () => {
  let db: Database
  let remove: () => void
  beforeAll(async () => {
    const dir = tempDataDir()
    remove = dir.remove
    db = await openDatabase({ dataDir: dir.dataDir })
    await db.migrate()
  })
  afterAll(async () => {
    await db.close()
    remove()
  })

  it('holds at least 60 artists across eras, countries and genres, each with albums', async () => {
    const artists = await readSeed()
    expect(artists.length).toBeGreaterThanOrEqual(60)
    expect(new Set(artists.map((a) => a.country)).size).toBeGreaterThanOrEqual(15)
    const decades = new Set(artists.flatMap((a) => a.albums.map((album) => Math.floor((album.year ?? 0) / 10))))
    expect(decades.size).toBeGreaterThanOrEqual(7)
    expect(artists.every((a) => a.albums.length > 0)).toBe(true)
  })

  it('is idempotent: a second run updates in place and duplicates nothing', async () => {
    const first = await seed(db.prisma)
    const counts = async () => [await db.prisma.artist.count(), await db.prisma.album.count()]
    expect(await counts()).toEqual([first.artists, first.albums])
    const ids = (await db.prisma.artist.findMany({ select: { id: true }, orderBy: { slug: 'asc' } })).map((a) => a.id)
    await seed(db.prisma)
    expect(await counts()).toEqual([first.artists, first.albums])
    const again = (await db.prisma.artist.findMany({ select: { id: true }, orderBy: { slug: 'asc' } })).map((a) => a.id)
    expect(again).toEqual(ids)
  })
})
