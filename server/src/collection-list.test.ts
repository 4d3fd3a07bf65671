import { openDatabase, type Database } from '@portrait/prisma'
import type { ArtistPosition } from '@portrait/schema/services'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seededDataDir } from '../test/tserver.ts'
import { createCollection } from './collection.ts'

describe('the collection list at scale: orders, letters, filters and counts', () => {
  let db: Database
  let remove: () => void
  beforeAll(async () => {
    const dir = await seededDataDir()
    remove = dir.remove
    db = await openDatabase({ dataDir: dir.dataDir })
  })
  afterAll(async () => {
    await db.close()
    remove()
  })

  async function all(collection: ReturnType<typeof createCollection>, args: Parameters<ReturnType<typeof createCollection>['listArtists']>[0], next: (artist: { sortKey: string; id: string; createdAt: Date }, seen: number) => ArtistPosition) {
    const names: string[] = []
    let after: ArtistPosition | null = null
    for (;;) {
      const page = await collection.listArtists({ ...args, after })
      names.push(...page.artists.map((artist) => artist.name))
      if (!page.hasNextPage) return names
      after = next(page.artists.at(-1)!, names.length)
    }
  }

  it('pages through each order without loss or repeat', async () => {
    const collection = createCollection(db.prisma)
    const total = await db.prisma.artist.count()
    const byName = await all(collection, { first: 7 }, (a) => ({ order: 'NAME', sortKey: a.sortKey, id: a.id }))
    const recent = await all(collection, { first: 7, order: 'RECENT' }, (a) => ({ order: 'RECENT', createdAt: a.createdAt, id: a.id }))
    const albums = await all(collection, { first: 7, order: 'ALBUMS' }, (_a, seen) => ({ order: 'ALBUMS', offset: seen }))
    for (const list of [byName, recent, albums]) {
      expect(list).toHaveLength(total)
      expect(new Set(list).size).toBe(total)
    }
    const counts = await collection.albumCounts((await db.prisma.artist.findMany({ where: { name: { in: albums.slice(0, 5) } } })).map((a) => a.id))
    expect(Math.max(...counts)).toBeGreaterThan(0)
    const first = await db.prisma.artist.findFirstOrThrow({ where: { name: albums[0] }, include: { _count: { select: { albums: true } } } })
    const most = await db.prisma.album.groupBy({ by: ['artistId'], _count: { _all: true } })
    expect(first._count.albums).toBe(Math.max(...most.map((row) => row._count._all)))
  })

  it('starts at a letter and counts per letter, albums and formats', async () => {
    const collection = createCollection(db.prisma)
    const page = await collection.listArtists({ first: 3, startsAt: 'S' })
    expect(page.artists[0]!.sortKey.startsWith('s')).toBe(true)
    const before = await db.prisma.artist.count({ where: { sortKey: { lt: 's' } } })
    expect(before).toBeGreaterThan(0)
    const counts = await collection.artistCounts({})
    expect(counts.artists).toBe(await db.prisma.artist.count())
    expect(counts.albums).toBe(await db.prisma.album.count())
    expect(counts.letters.map((l) => l.letter).join('')).toBe('#ABCDEFGHIJKLMNOPQRSTUVWXYZ')
    expect(counts.letters.reduce((sum, l) => sum + l.count, 0)).toBe(counts.artists)
    expect(counts.letters.find((l) => l.letter === 'S')!.count).toBe(await db.prisma.artist.count({ where: { sortKey: { startsWith: 's' } } }))

    const cd = await collection.artistCounts({ format: 'CD' })
    expect(cd.albums).toBe(await db.prisma.album.count({ where: { format: 'CD' } }))
    expect(cd.artists).toBe(await db.prisma.artist.count({ where: { albums: { some: { format: 'CD' } } } }))
    const withPortrait = await collection.artistCounts({ portrait: true })
    const without = await collection.artistCounts({ portrait: false })
    expect(withPortrait.artists + without.artists).toBe(counts.artists)
    const search = await collection.artistCounts({ search: 'MILES' })
    expect(search.artists).toBe(1)
  })

  it('reuses counts until the collection changes', async () => {
    const collection = createCollection(db.prisma)
    const first = await collection.artistCounts({ genre: 'jazz' })
    expect(await collection.artistCounts({ genre: 'jazz' })).toBe(first)
    const artist = await collection.createArtist({ name: 'Zzz Count Test', genres: ['jazz'] })
    expect((await collection.artistCounts({ genre: 'jazz' })).artists).toBe(first.artists + 1)
    await collection.deleteArtist(artist.id)
  })
})
