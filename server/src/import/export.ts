import type { PrismaClient } from '@portrait/prisma'
import { type AlbumCover, type CollectionArtist, FORMAT_NAME } from './document.ts'

/**
 * The collection in our JSON format: every fact an import reads back, in listing order. With
 * `covers`, each album's art goes along in base64 (an import stores it again); without, the file
 * stays small, as album art is most of a collection's bytes.
 */
export async function exportCollection(
  prisma: PrismaClient,
  { covers = false }: { covers?: boolean } = {},
): Promise<{ format: string; version: 1; exportedAt: string; artists: CollectionArtist[] }> {
  const rows = await prisma.artist.findMany({
    orderBy: [{ sortKey: 'asc' }, { id: 'asc' }],
    include: { albums: { orderBy: [{ year: 'asc' }, { title: 'asc' }] } },
  })
  const art = new Map<string, AlbumCover>()
  if (covers) {
    const hashes = [...new Set(rows.flatMap((artist) => artist.albums.flatMap((album) => (album.coverHash ? [album.coverHash] : []))))]
    // A page at a time: the bytes of every cover at once would be most of the heap.
    for (let start = 0; start < hashes.length; start += 100) {
      const page = await prisma.cover.findMany({ where: { hash: { in: hashes.slice(start, start + 100) } }, select: { hash: true, mime: true, bytes: true } })
      for (const { hash, mime, bytes } of page) art.set(hash, { mime, data: Buffer.from(bytes).toString('base64') })
    }
  }
  return {
    format: FORMAT_NAME,
    version: 1,
    exportedAt: new Date().toISOString(),
    artists: rows.map((artist) => ({
      slug: artist.slug,
      name: artist.name,
      sortName: artist.sortName,
      musicbrainzId: artist.musicbrainzId,
      country: artist.country,
      genres: artist.genres,
      formedYear: artist.formedYear,
      endedYear: artist.endedYear,
      bio: artist.bio,
      links: artist.links as CollectionArtist['links'],
      editedFields: artist.editedFields,
      albums: artist.albums.map(({ title, year, label, format, musicbrainzId, coverHash }) => ({
        title, year, label, format, musicbrainzId,
        ...(covers && coverHash && art.has(coverHash) ? { cover: art.get(coverHash)! } : {}),
      })),
    })),
  }
}
