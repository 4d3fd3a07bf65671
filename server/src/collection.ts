import { artistKeys, artistSearchText, deriveSortName, foldForSearch, matchKey, Prisma, type PrismaClient, slugBase, sortKey } from '@portrait/prisma'
import type { ArtistCounts, ArtistFields, ArtistFilter, ArtistPage, ArtistPageArgs, CollectionService } from '@portrait/schema/services'
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

/** The filters of the list, as Prisma reads them. */
export function filterWhere({ search, genre, format, portrait }: ArtistFilter): Prisma.ArtistWhereInput {
  const where: Prisma.ArtistWhereInput = {}
  const text = search ? foldForSearch(search) : ''
  if (text) where.searchText = { contains: likeLiteral(text) }
  if (genre) where.genres = { has: genre }
  if (format) where.albums = { some: { format } }
  if (portrait === true) where.articles = { some: { status: 'COMPLETE' } }
  if (portrait === false) where.articles = { none: { status: 'COMPLETE' } }
  return where
}

/** The same filters as SQL over `artists a`, for the counts Prisma cannot group. */
export function filterSql({ search, genre, format, portrait }: ArtistFilter): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`true`]
  const text = search ? foldForSearch(search) : ''
  if (text) conditions.push(Prisma.sql`a.search_text like ${`%${likeLiteral(text)}%`}`)
  if (genre) conditions.push(Prisma.sql`${genre} = any(a.genres)`)
  if (format) conditions.push(Prisma.sql`exists (select 1 from albums f where f.artist_id = a.id and f.format = ${format}::album_format)`)
  if (portrait != null) {
    const finished = Prisma.sql`exists (select 1 from articles p where p.artist_id = a.id and p.status = 'COMPLETE')`
    conditions.push(portrait ? finished : Prisma.sql`not ${finished}`)
  }
  return Prisma.join(conditions, ' and ')
}

/** The A–Z index's buckets: "#" (digits, other scripts) first, then A to Z. */
export const initials = ['#', ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ']

interface Cached<T> {
  at: number
  fingerprint: string
  value: Promise<T>
}

/**
 * How long the tables' fingerprint is reused by requests arriving together (a page's queries), and
 * how long counts are trusted at most. Not longer: an import that just ended must show in the counts.
 */
const countsFresh = 100
const countsMaxAge = 5 * 60_000

/** The collection as the schema reads it, over Prisma. */
export function createCollection(prisma: PrismaClient): CollectionService {
  let exporting: Promise<unknown> = Promise.resolve()
  /**
   * Counts per filter. An entry is reused while a cheap fingerprint of the tables (row counts,
   * the last artist change, finished portraits) is the same; edits made here forget them all.
   */
  const countCache = new Map<string, Cached<ArtistCounts>>()
  /** The "most albums" order of each filter, as ids: one grouped count, then pages are slices of it. */
  const rankCache = new Map<string, Cached<string[]>>()
  let lastFingerprint: { at: number; value: Promise<string> } | null = null

  function fingerprint(): Promise<string> {
    const now = Date.now()
    if (lastFingerprint && now - lastFingerprint.at < countsFresh) return lastFingerprint.value
    const value = prisma.$queryRaw<{ artists: number; albums: number; portraits: number; changed: Date | null }[]>`
      select (select count(*) from artists)::int as artists, (select count(*) from albums)::int as albums,
        (select count(*) from articles where status = 'COMPLETE')::int as portraits, (select max(updated_at) from artists) as changed`
      .then(([row]) => JSON.stringify(row))
    lastFingerprint = { at: now, value }
    value.catch(() => (lastFingerprint = null))
    return value
  }

  async function countArtists(filter: ArtistFilter): Promise<ArtistCounts> {
    const albumFormat = filter.format ? Prisma.sql`where format = ${filter.format}::album_format` : Prisma.empty
    const rows = await prisma.$queryRaw<{ initial: string; artists: number; albums: number }[]>`
      select upper(left(a.sort_key, 1)) as initial, count(*)::int as artists, coalesce(sum(c.n), 0)::int as albums
      from artists a left join (select artist_id, count(*) as n from albums ${albumFormat} group by artist_id) c on c.artist_id = a.id
      where ${filterSql(filter)}
      group by 1`
    const byLetter = new Map(initials.map((letter) => [letter, 0]))
    let artists = 0
    let albums = 0
    for (const row of rows) {
      const letter = byLetter.has(row.initial) ? row.initial : '#'
      byLetter.set(letter, byLetter.get(letter)! + row.artists)
      artists += row.artists
      albums += row.albums
    }
    return { artists, albums, letters: [...byLetter].map(([letter, count]) => ({ letter, count })) }
  }

  const filterKey = (filter: ArtistFilter) =>
    JSON.stringify([filter.search ? foldForSearch(filter.search) : '', filter.genre ?? '', filter.format ?? '', filter.portrait ?? null])

  /** Reuses what a filter computed while the tables' fingerprint stays the same (and not too long). */
  async function cached<T>(cache: Map<string, Cached<T>>, filter: ArtistFilter, compute: () => Promise<T>, size: number): Promise<T> {
    const key = filterKey(filter)
    const print = await fingerprint()
    const known = cache.get(key)
    if (known && known.fingerprint === print && Date.now() - known.at < countsMaxAge) return known.value
    const value = compute()
    cache.set(key, { at: Date.now(), fingerprint: print, value })
    value.catch(() => cache.delete(key))
    while (cache.size > size) cache.delete(cache.keys().next().value!)
    return value
  }

  function albumRanking(filter: ArtistFilter): Promise<string[]> {
    return cached(rankCache, filter, async () => {
      const rows = await prisma.$queryRaw<{ id: string }[]>`
        select a.id from artists a left join (select artist_id, count(*) as n from albums group by artist_id) c on c.artist_id = a.id
        where ${filterSql(filter)}
        order by coalesce(c.n, 0) desc, a.sort_key, a.id`
      return rows.map((row) => row.id)
    }, 20)
  }

  /** Something changed through this service: counts are read again. */
  function changed(): void {
    countCache.clear()
    rankCache.clear()
    lastFingerprint = null
  }

  return {
    async listArtists({ first, after, order = 'NAME', startsAt, ...filter }: ArtistPageArgs): Promise<ArtistPage> {
      const where = filterWhere(filter)
      let keyset: Prisma.ArtistWhereInput = {}
      let orderBy: Prisma.ArtistOrderByWithRelationInput[]
      if (order === 'RECENT') {
        orderBy = [{ createdAt: 'desc' }, { id: 'desc' }]
        if (after?.order === 'RECENT') {
          // The bound alone lets the index start at the cursor; the OR then skips its ties.
          keyset = { createdAt: { lte: after.createdAt }, OR: [{ createdAt: { lt: after.createdAt } }, { id: { lt: after.id } }] }
        }
      } else if (order === 'ALBUMS') {
        // Album counts change the order of everything: ranked once per filter (and cached), paged by offset.
        const offset = after?.order === 'ALBUMS' ? after.offset : 0
        const ids = (await albumRanking(filter)).slice(offset, offset + first + 1)
        const rows = await prisma.artist.findMany({ where: { id: { in: ids.slice(0, first) } } })
        const byId = new Map(rows.map((row) => [row.id, row]))
        return { artists: ids.slice(0, first).flatMap((id) => byId.get(id) ?? []), hasNextPage: ids.length > first }
      } else {
        orderBy = [{ sortKey: 'asc' }, { id: 'asc' }]
        const from = startsAt ? sortKey(startsAt) : ''
        if (after && 'sortKey' in after) {
          keyset = { sortKey: { gte: after.sortKey }, OR: [{ sortKey: { gt: after.sortKey } }, { id: { gt: after.id } }] }
        } else if (from) keyset = { sortKey: { gte: from } }
      }
      const rows = await prisma.artist.findMany({ where: { AND: [where, keyset] }, orderBy, take: first + 1 })
      return { artists: rows.slice(0, first), hasNextPage: rows.length > first }
    },

    artistCounts: (filter) => cached(countCache, filter, () => countArtists(filter), 100),

    async albumCounts(artistIds) {
      const rows = await prisma.album.groupBy({ by: ['artistId'], where: { artistId: { in: [...artistIds] } }, _count: { _all: true } })
      const byArtist = new Map(rows.map((row) => [row.artistId, row._count._all]))
      return artistIds.map((id) => byArtist.get(id) ?? 0)
    },

    album: (id) => prisma.album.findUnique({ where: { id } }),

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
      changed()
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
      changed()
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
      changed()
      const { count } = await prisma.artist.deleteMany({ where: { id } })
      return count > 0
    },

    async addAlbum(artistId, fields) {
      changed()
      return prisma
        .$transaction(async (tx) => {
          const album = await tx.album.create({ data: { ...fields, artistId, titleKey: matchKey(fields.title) } })
          await refreshSearchText(tx, artistId)
          return album
        })
        .catch((error: unknown) => known(error, () => notFound('artist', artistId), () => exists(`This artist already has an album called ${fields.title}.`, 'ALBUM_EXISTS')))
    },

    async updateAlbum(id, fields) {
      changed()
      return prisma
        .$transaction(async (tx) => {
          const held = await tx.album.findUnique({ where: { id }, select: { titleKey: true, editedFields: true, formerTitleKeys: true } })
          if (!held) throw notFound('album', id)
          // What the collector set stays set: imports skip these fields and still know the album by its old titles.
          const editedFields = [...new Set([...held.editedFields, ...Object.keys(fields)])]
          const titleKey = fields.title ? matchKey(fields.title) : held.titleKey
          const formerTitleKeys = titleKey === held.titleKey ? held.formerTitleKeys : [...new Set([...held.formerTitleKeys, held.titleKey])].filter((key) => key !== titleKey)
          const album = await tx.album.update({ where: { id }, data: { ...fields, titleKey, editedFields, formerTitleKeys } })
          if (fields.title) await refreshSearchText(tx, album.artistId)
          return album
        })
        .catch((error: unknown) => known(error, () => notFound('album', id), () => exists(`This artist already has an album called ${fields.title}.`, 'ALBUM_EXISTS')))
    },

    async deleteAlbum(id) {
      changed()
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
