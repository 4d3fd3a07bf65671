import { foldForSearch, type Prisma, type PrismaClient } from '@portrait/prisma'
import type { ArtistPage, ArtistPageArgs, CollectionService } from '@portrait/schema/services'
import { toArticle } from './domain/article.ts'

/** The collection as the schema reads it, over Prisma. */
export function createCollection(prisma: PrismaClient): CollectionService {
  return {
    async listArtists({ search, genre, first, after }: ArtistPageArgs): Promise<ArtistPage> {
      const where: Prisma.ArtistWhereInput = {}
      const text = search ? foldForSearch(search) : ''
      if (text) where.searchText = { contains: text }
      if (genre) where.genres = { has: genre }
      const keyset: Prisma.ArtistWhereInput = after
        ? { OR: [{ sortName: { gt: after.sortName } }, { sortName: after.sortName, id: { gt: after.id } }] }
        : {}
      const [rows, totalCount] = await Promise.all([
        prisma.artist.findMany({
          where: { AND: [where, keyset] },
          orderBy: [{ sortName: 'asc' }, { id: 'asc' }],
          take: first + 1,
        }),
        prisma.artist.count({ where }),
      ])
      return { artists: rows.slice(0, first), hasNextPage: rows.length > first, totalCount }
    },

    artist: (id) => prisma.artist.findUnique({ where: { id } }),

    async article(id) {
      const row = await prisma.article.findUnique({ where: { id } })
      return row && toArticle(row)
    },

    async genres() {
      const rows = await prisma.$queryRaw<{ genre: string }[]>`
        select distinct unnest(genres) as genre from artists order by genre`
      return rows.map((row) => row.genre)
    },

    async albumsOf(artistIds) {
      const albums = await prisma.album.findMany({
        where: { artistId: { in: [...artistIds] } },
        orderBy: [{ year: 'asc' }, { title: 'asc' }],
      })
      const byArtist = new Map<string, typeof albums>(artistIds.map((id) => [id, []]))
      for (const album of albums) byArtist.get(album.artistId)?.push(album)
      return artistIds.map((id) => byArtist.get(id) ?? [])
    },

    async latestArticles(keys) {
      const articles = await prisma.article.findMany({
        where: { status: 'COMPLETE', OR: keys.map(({ artistId, language }) => ({ artistId, language })) },
        orderBy: { createdAt: 'desc' },
      })
      return keys.map(({ artistId, language }) => {
        const row = articles.find((article) => article.artistId === artistId && article.language === language)
        return row ? toArticle(row) : null
      })
    },
  }
}
