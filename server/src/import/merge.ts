import { randomUUID } from 'node:crypto'
import { artistKeys, artistSearchText, deriveSortName, matchKey, type Prisma, type PrismaClient, slugBase } from '@portrait/prisma'
import type { CollectionArtist } from './document.ts'

export interface MergeReport {
  artistsAdded: number
  artistsUpdated: number
  albumsAdded: number
  albumsUpdated: number
}

/** Fields an import may fill on an artist that already exists, when empty and not edited by hand. */
const FILLABLE = ['country', 'formedYear', 'endedYear', 'bio'] as const

// Any fixed number: imports into one database, from any instance, take turns on it.
const IMPORT_LOCK = 7_281_946

/** A URL-safe key from a name, unique among `taken`: "Sigur Rós" → "sigur-ros", then "sigur-ros-2". */
export function uniqueSlug(name: string, taken: Set<string>): string {
  const base = slugBase(name)
  let slug = base
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`
  taken.add(slug)
  return slug
}

/**
 * Merges imported artists into the collection in one transaction: all of it or none. Artists
 * match by MusicBrainz id, else by folded name; albums by folded title per artist. What exists
 * is only ever completed, never overwritten, and a field edited by hand is never touched, so
 * importing the same source twice changes nothing.
 */
export async function mergeCollection(
  prisma: PrismaClient,
  incoming: readonly CollectionArtist[],
  onProgress?: (done: number, total: number) => void,
  /** Written in the same transaction, so it is committed exactly when the merge is (an import job's report). */
  alongside?: (tx: Prisma.TransactionClient, report: MergeReport) => Promise<unknown>,
): Promise<MergeReport> {
  return prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`select pg_advisory_xact_lock(${IMPORT_LOCK})`
      const existing = await tx.artist.findMany({
        select: {
          id: true, slug: true, name: true, sortName: true, nameKey: true, musicbrainzId: true, country: true, genres: true,
          formedYear: true, endedYear: true, bio: true, links: true, editedFields: true,
          albums: { select: { id: true, title: true, titleKey: true, year: true, label: true, musicbrainzId: true } },
        },
      })
      type Existing = (typeof existing)[number]
      const byMbid = new Map<string, Existing>()
      const byName = new Map<string, Existing>()
      for (const artist of existing) {
        if (artist.musicbrainzId) byMbid.set(artist.musicbrainzId, artist)
        if (!byName.has(artist.nameKey)) byName.set(artist.nameKey, artist)
      }
      const slugs = new Set(existing.map((artist) => artist.slug))
      const report: MergeReport = { artistsAdded: 0, artistsUpdated: 0, albumsAdded: 0, albumsUpdated: 0 }
      // Rows this import creates, by id: a later row of the same source may still complete them.
      const newArtists = new Map<string, Prisma.ArtistCreateManyInput>()
      const newAlbums = new Map<string, Prisma.AlbumCreateManyInput>()
      const updates: { id: string; data: Prisma.ArtistUpdateInput }[] = []
      const albumUpdates: { id: string; data: Prisma.AlbumUpdateInput }[] = []

      for (const artist of incoming) {
        const nameKey = matchKey(artist.name)
        const named = byName.get(nameKey)
        // Two acts may share a name ("Nirvana" of Seattle and of London): different MusicBrainz ids keep them apart.
        const match =
          (artist.musicbrainzId && byMbid.get(artist.musicbrainzId)) ||
          (named && !(artist.musicbrainzId && named.musicbrainzId && named.musicbrainzId !== artist.musicbrainzId) ? named : undefined)
        if (!match) {
          const sortName = artist.sortName ?? deriveSortName(artist.name)
          const id = randomUUID()
          const albums = dedupeAlbums(artist.albums)
          const created: Existing = {
            id, slug: artist.slug && !slugs.has(artist.slug) ? (slugs.add(artist.slug), artist.slug) : uniqueSlug(artist.name, slugs),
            name: artist.name, sortName, nameKey, musicbrainzId: artist.musicbrainzId, country: artist.country ?? null,
            genres: artist.genres, formedYear: artist.formedYear ?? null, endedYear: artist.endedYear ?? null, bio: artist.bio ?? null,
            links: artist.links ?? [], editedFields: artist.editedFields ?? [],
            albums: albums.map((album) => ({ id: randomUUID(), title: album.title, titleKey: matchKey(album.title), year: album.year, label: album.label, musicbrainzId: album.musicbrainzId })),
          }
          newArtists.set(id, {
            ...created, albums: undefined, links: created.links as Prisma.InputJsonValue,
            ...artistKeys(artist.name, sortName, albums.map((album) => album.title)),
          } as Prisma.ArtistCreateManyInput)
          created.albums.forEach(({ id: albumId, titleKey }, index) => newAlbums.set(albumId, { ...albums[index]!, id: albumId, artistId: id, titleKey }))
          report.artistsAdded++
          report.albumsAdded += albums.length
          // Later rows of the same source (a Discogs export lists an artist once per release) join it.
          if (created.musicbrainzId) byMbid.set(created.musicbrainzId, created)
          if (!byName.has(nameKey)) byName.set(nameKey, created)
          continue
        }
        const edited = new Set(match.editedFields)
        const data: Prisma.ArtistUpdateInput = {}
        for (const field of FILLABLE) {
          const value = artist[field]
          if (value != null && match[field] == null && !edited.has(field)) {
            ;(data as Record<string, unknown>)[field] = value
            ;(match as Record<string, unknown>)[field] = value
          }
        }
        if (artist.genres.length && !match.genres.length && !edited.has('genres')) data.genres = match.genres = artist.genres
        if (artist.links?.length && !(match.links as unknown[]).length && !edited.has('links')) data.links = match.links = artist.links
        if (artist.musicbrainzId && !match.musicbrainzId && !byMbid.has(artist.musicbrainzId)) {
          data.musicbrainzId = match.musicbrainzId = artist.musicbrainzId
          byMbid.set(artist.musicbrainzId, match)
        }
        let albumsAdded = false
        for (const album of dedupeAlbums(artist.albums)) {
          const titleKey = matchKey(album.title)
          const held = match.albums.find((a) => a.titleKey === titleKey)
          if (!held) {
            const id = randomUUID()
            match.albums.push({ id, title: album.title, titleKey, year: album.year, label: album.label, musicbrainzId: album.musicbrainzId })
            newAlbums.set(id, { ...album, id, artistId: match.id, titleKey })
            report.albumsAdded++
            albumsAdded = true
            continue
          }
          const patch: Prisma.AlbumUpdateInput = {}
          if (album.year != null && held.year == null) patch.year = held.year = album.year
          if (album.label && !held.label) patch.label = held.label = album.label
          if (album.musicbrainzId && !held.musicbrainzId) patch.musicbrainzId = held.musicbrainzId = album.musicbrainzId
          if (Object.keys(patch).length) {
            const pending = newAlbums.get(held.id)
            if (pending) Object.assign(pending, patch)
            else {
              albumUpdates.push({ id: held.id, data: patch })
              report.albumsUpdated++
            }
          }
        }
        if (albumsAdded) data.searchText = artistSearchText(match.name, match.sortName, match.albums.map((album) => album.title))
        const pending = newArtists.get(match.id)
        if (pending) {
          Object.assign(pending, data)
          continue
        }
        if (Object.keys(data).length) {
          updates.push({ id: match.id, data })
          if (Object.keys(data).some((key) => key !== 'searchText')) report.artistsUpdated++
        }
      }

      const total = newArtists.size + newAlbums.size + updates.length + albumUpdates.length
      let done = 0
      const step = (n: number) => onProgress?.((done += n), total)
      for (const batch of chunks([...newArtists.values()], 500)) step((await tx.artist.createMany({ data: batch })).count)
      for (const batch of chunks([...newAlbums.values()], 1000)) step((await tx.album.createMany({ data: batch })).count)
      for (const { id, data } of updates) step((await tx.artist.update({ where: { id }, data, select: { id: true } }), 1))
      for (const { id, data } of albumUpdates) step((await tx.album.update({ where: { id }, data, select: { id: true } }), 1))
      await alongside?.(tx, report)
      return report
    },
    { maxWait: 60_000, timeout: 10 * 60_000 },
  )
}

/** A source may list an album twice (two pressings of one title): one row, completed from both. */
function dedupeAlbums(albums: CollectionArtist['albums']): CollectionArtist['albums'] {
  const byKey = new Map<string, CollectionArtist['albums'][number]>()
  for (const album of albums) {
    const key = matchKey(album.title)
    const held = byKey.get(key)
    if (!held) byKey.set(key, { ...album })
    else {
      held.year ??= album.year
      held.label ??= album.label
      held.musicbrainzId ??= album.musicbrainzId
    }
  }
  return [...byKey.values()]
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size)
}
