import type { PrismaClient } from '@portrait/prisma'
import { type CollectionArtist, FORMAT_NAME } from './document.ts'

/** The collection in our JSON format: every fact an import reads back, in listing order. */
export async function exportCollection(prisma: PrismaClient): Promise<{ format: string; version: 1; exportedAt: string; artists: CollectionArtist[] }> {
  const rows = await prisma.artist.findMany({
    orderBy: [{ sortKey: 'asc' }, { id: 'asc' }],
    include: { albums: { orderBy: [{ year: 'asc' }, { title: 'asc' }] } },
  })
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
      albums: artist.albums.map(({ title, year, label, format, musicbrainzId }) => ({ title, year, label, format, musicbrainzId })),
    })),
  }
}
