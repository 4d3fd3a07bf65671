import { artistKeys, artistSearchText, deriveSortName, foldForSearch, matchKey, Prisma, type PrismaClient, slugBase } from '@portrait/prisma'
import type { ArtistFields, ArtistPage, ArtistPageArgs, CollectionService } from '@portrait/schema/services'
import { GraphQLError } from 'graphql'
import { toArticle } from './domain/article.ts'
import { exportCollection } from './import/export.ts'
import { uniqueSlug } from './import/merge.ts'

const notFound = (what: 'artist' | 'album', id: string) =>
  new GraphQLError(`No ${what} has the id ${id}.`, { extensions: { code: `${what.toUpperCase()}_NOT_FOUND` } })

const exists = (message: string, code: 'ARTIST_EXISTS' | 'ALBUM_EXISTS') => new GraphQLError(message, { extensions: { code } })

/** Prisma's "record not found" and "unique constraint" errors, as the typed errors clients get. */
function known(error: unknown, onMissing: () => GraphQLError, onDuplicate?: () => GraphQLError): never {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    // P2025: the row to change is gone; P2003: the row it points to (an album's artist) is.
    if (error.code === 'P2025' || error.code === 'P2003') throw onMissing()
    if (error.code === 'P2002' && onDuplicate) throw onDuplicate()
  }
  throw error
}

/**
 * Prisma sends `contains` to PostgreSQL as `LIKE '%' || value || '%'` without escaping, so a
 * reader's `%` or `_` would be a wildcard; backslash is LIKE's default escape character.
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`)
}

/** The collection as the schema reads it, over Prisma. */
export function createCollection(prisma: PrismaClient): CollectionService {
  let exporting: Promise<unknown> = Promise.resolve()
  return {
    async listArtists({ search, genre, first, after }: ArtistPageArgs): Promise<ArtistPage> {
      const where: Prisma.ArtistWhereInput = {}
      const text = search ? foldForSearch(search) : ''
      if (text) where.searchText = { contains: likeLiteral(text) }
      if (genre) where.genres = { has: genre }
      const keyset: Prisma.ArtistWhereInput = after
        ? { OR: [{ sortKey: { gt: after.sortKey } }, { sortKey: after.sortKey, id: { gt: after.id } }] }
        : {}
      const [rows, totalCount] = await Promise.all([
        prisma.artist.findMany({
          where: { AND: [where, keyset] },
          orderBy: [{ sortKey: 'asc' }, { id: 'asc' }],
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

    async portraitsOf(artistIds) {
      const rows = await prisma.article.findMany({ where: { artistId: { in: [...artistIds] } }, orderBy: [{ createdAt: 'desc' }, { id: 'asc' }] })
      const byArtist = new Map<string, ReturnType<typeof toArticle>[]>(artistIds.map((id) => [id, []]))
      for (const row of rows) byArtist.get(row.artistId)?.push(toArticle(row))
      return artistIds.map((id) => byArtist.get(id) ?? [])
    },

    async createArtist(fields) {
      const sortName = fields.sortName ?? deriveSortName(fields.name)
      return prisma.$transaction(async (tx) => {
        const same = await tx.artist.findFirst({ where: { nameKey: matchKey(fields.name) }, select: { name: true } })
        if (same) throw exists(`${same.name} is already in the collection.`, 'ARTIST_EXISTS')
        const slugs = new Set((await tx.artist.findMany({ select: { slug: true }, where: { slug: { startsWith: slugBase(fields.name) } } })).map((a) => a.slug))
        return tx.artist.create({
          data: {
            ...fields,
            sortName,
            genres: fields.genres ?? [],
            slug: uniqueSlug(fields.name, slugs),
            ...artistKeys(fields.name, sortName, []),
            editedFields: Object.keys(fields),
          },
        })
      })
    },

    async updateArtist(id, fields: ArtistFields) {
      return prisma.$transaction(async (tx) => {
        const artist = await tx.artist.findUnique({ where: { id }, include: { albums: { select: { title: true } } } })
        if (!artist) throw notFound('artist', id)
        const name = fields.name ?? artist.name
        const sortName = fields.sortName === undefined ? artist.sortName : (fields.sortName ?? deriveSortName(name))
        const editedFields = [...new Set([...artist.editedFields, ...Object.keys(fields)])]
        return tx.artist.update({
          where: { id },
          data: { ...fields, sortName, ...artistKeys(name, sortName, artist.albums.map((album) => album.title)), editedFields },
        })
      })
    },

    async deleteArtist(id) {
      const { count } = await prisma.artist.deleteMany({ where: { id } })
      return count > 0
    },

    async addAlbum(artistId, fields) {
      return prisma
        .$transaction(async (tx) => {
          const album = await tx.album.create({ data: { ...fields, artistId, titleKey: matchKey(fields.title) } })
          await refreshSearchText(tx, artistId)
          return album
        })
        .catch((error: unknown) => known(error, () => notFound('artist', artistId), () => exists(`This artist already has an album called ${fields.title}.`, 'ALBUM_EXISTS')))
    },

    async updateAlbum(id, fields) {
      return prisma
        .$transaction(async (tx) => {
          const album = await tx.album.update({ where: { id }, data: { ...fields, ...(fields.title ? { titleKey: matchKey(fields.title) } : {}) } })
          if (fields.title) await refreshSearchText(tx, album.artistId)
          return album
        })
        .catch((error: unknown) => known(error, () => notFound('album', id), () => exists(`This artist already has an album called ${fields.title}.`, 'ALBUM_EXISTS')))
    },

    async deleteAlbum(id) {
      return prisma.$transaction(async (tx) => {
        const album = await tx.album.findUnique({ where: { id }, select: { artistId: true } })
        if (!album) return false
        await tx.album.delete({ where: { id } })
        await refreshSearchText(tx, album.artistId)
        return true
      })
    },

    // One export at a time: each holds the whole collection in memory, so many at once would not fit.
    exportCollection: () => {
      const next = exporting.then(async () => JSON.stringify(await exportCollection(prisma), null, 1))
      exporting = next.catch(() => {})
      return next
    },
  }
}

async function refreshSearchText(tx: Prisma.TransactionClient, artistId: string): Promise<void> {
  const artist = await tx.artist.findUniqueOrThrow({ where: { id: artistId }, include: { albums: { select: { title: true } } } })
  await tx.artist.update({
    where: { id: artistId },
    data: { searchText: artistSearchText(artist.name, artist.sortName, artist.albums.map((album) => album.title)) },
  })
}
