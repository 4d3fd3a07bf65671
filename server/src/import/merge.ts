import { randomUUID } from 'node:crypto'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { artistKeys, artistSearchText, deriveSortName, matchKey, type Prisma, type PrismaClient, slugBase } from '@portrait/prisma'
import { bulkhead, type BulkheadPolicy } from 'cockatiel'
import type { CollectionAlbum, CollectionArtist } from './document.ts'

export interface MergeReport {
  artistsAdded: number
  artistsUpdated: number
  albumsAdded: number
  albumsUpdated: number
}

export interface MergeOptions {
  /** After each batch is written: the counts so far, and how many of the artists to merge are merged. */
  onProgress?: (report: MergeReport, merged: number, total: number) => void
  /** Written in the merge's last transaction, so it is committed exactly when the merge is (an import job's report). */
  alongside?: (tx: Prisma.TransactionClient, report: MergeReport) => Promise<unknown>
  /**
   * Commit each batch on its own, and undo the committed ones if a later one fails, rather than
   * the whole merge in one transaction. For the embedded database while the server runs on it:
   * PGlite runs one transaction at a time, and every other query of the process waits for its end.
   */
  commitEach?: boolean
}

/** Fields an import may fill on an artist that already exists, when empty and not edited by hand. */
const FILLABLE = ['country', 'formedYear', 'endedYear', 'bio'] as const

// Any fixed number: imports into one database, from any instance, take turns on it.
const IMPORT_LOCK = 7_281_946

// PGlite runs each statement on the event loop: measured on 2 cores, a batch of 500 albums (insert, then commit) holds it 40–80 ms.
const WRITE_ALBUMS = 500
const WRITE_ARTISTS = 250
// Reading 500 artists with their albums takes 15–35 ms there, as do the keys of 2,000; fewer per read made a re-import slower.
const READ_ARTISTS = 500
const KEYS_PAGE = 2000

type Db = Prisma.TransactionClient

/** A URL-safe key from a name, unique among `taken`: "Sigur Rós" → "sigur-ros", then "sigur-ros-2". */
export function uniqueSlug(name: string, taken: Set<string>): string {
  const base = slugBase(name)
  let slug = base
  for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`
  taken.add(slug)
  return slug
}

/** An artist as matching needs it: what the collection holds, or what this import creates. */
interface Known {
  id: string
  musicbrainzId: string | null
  createdAt: number
  /** Made by this import, with this slug. */
  slug?: string
}

/** An artist to write, with every source entry that goes to it, in source order. */
interface Target {
  known: Known
  entries: { artist: CollectionArtist; takesMusicbrainzId: boolean }[]
  albumCount: number
}

const HELD = {
  id: true, name: true, sortName: true, musicbrainzId: true, country: true, genres: true, formedYear: true, endedYear: true,
  bio: true, links: true, editedFields: true, searchText: true,
  albums: { select: { id: true, title: true, titleKey: true, year: true, label: true, musicbrainzId: true, editedFields: true, formerTitleKeys: true } },
} satisfies Prisma.ArtistSelect

type Held = Prisma.ArtistGetPayload<{ select: typeof HELD }>

interface HeldAlbum {
  /** None yet for one this batch inserts: the database draws it. */
  id?: string
  title: string
  year: number | null
  label: string | null
  musicbrainzId: string | null
  /** Fields the collector set by hand: never filled from a source. */
  editedFields?: string[]
  /** Inserted by this batch, with this row. */
  row?: AlbumRow
}

// Rows go in as JSON arrays rather than objects: Prisma copies a raw parameter twice (serialised, then
// parsed back), and a large import's copies stay on the heap until its next full collection.
type ArtistRow = [
  id: string, slug: string, name: string, sortName: string, sortKey: string, nameKey: string, searchText: string, musicbrainzId: string | null,
  country: string | null, genres: string[], formedYear: number | null, endedYear: number | null, bio: string | null, links: unknown, editedFields: string[],
]
/** The database draws an album's id, but for one added to an artist already held: that one may have to be taken back by id. */
type AlbumRow = [title: string, titleKey: string, year: number | null, label: string | null, format: string, musicbrainzId: string | null, id: string | null]
/** Values to set on a row, `touched` naming the columns set; the others are left as they are. */
interface ArtistFill {
  id: string; touched: string[]; country?: string | null; formed_year?: number | null; ended_year?: number | null; bio?: string | null
  genres?: string[]; links?: unknown; musicbrainz_id?: string | null; search_text?: string
}
interface AlbumFill { id: string; touched: string[]; year?: number | null; label?: string | null; musicbrainz_id?: string | null }

/** What one batch writes, and how to take it back. */
interface Batch {
  artists: ArtistRow[]
  /** By artist id. */
  albums: Map<string, AlbumRow[]>
  albumCount: number
  artistFills: ArtistFill[]
  albumFills: AlbumFill[]
  undo: { artistFills: ArtistFill[]; albumFills: AlbumFill[] }
  /** Targets planned in it, and their albums in the source: what bounds its size. */
  targets: number
  incomingAlbums: number
  counts: MergeReport
}

/** Imports committed batch by batch on one database client take turns, as the advisory lock makes whole ones do. */
const turns = new WeakMap<PrismaClient, BulkheadPolicy>()

/**
 * Merges imported artists into the collection: all of it or none. Artists match by MusicBrainz id,
 * else by folded name; albums by folded title per artist. What exists is only ever completed,
 * never overwritten, and a field edited by hand is never touched, so importing the same source
 * twice changes nothing (and writes nothing). The collection is read and written in batches,
 * with a turn of the event loop between them, so a large import leaves the server responsive.
 */
export async function mergeCollection(prisma: PrismaClient, incoming: readonly CollectionArtist[], options: MergeOptions = {}): Promise<MergeReport> {
  const { onProgress, alongside } = options
  if (!options.commitEach) {
    return prisma.$transaction(
      async (tx) => {
        await tx.$executeRaw`select pg_advisory_xact_lock(${IMPORT_LOCK})`
        const report = await merge(tx, incoming, async (work) => await work(tx), onProgress)
        await alongside?.(tx, report)
        return report
      },
      { maxWait: 60_000, timeout: 10 * 60_000 },
    )
  }
  if (!turns.has(prisma)) turns.set(prisma, bulkhead(1, Number.MAX_SAFE_INTEGER))
  return turns.get(prisma)!.execute(async () => {
    // What the committed batches did, no more than needed to take it back: ids, and the fields they filled.
    const committed: Undo = { artists: [], albums: [], artistFills: [], albumFills: [] }
    const transaction = { maxWait: 60_000, timeout: 60_000 }
    try {
      const report = await merge(prisma, incoming, async (work) => {
        const batch = await prisma.$transaction(work, transaction)
        committed.artists.push(...batch.artists.map(([id]) => id))
        // The albums of artists it created go with them.
        for (const rows of batch.albums.values()) for (const [, , , , , , id] of rows) if (id) committed.albums.push(id)
        committed.artistFills.push(...batch.undo.artistFills)
        committed.albumFills.push(...batch.undo.albumFills)
        return batch
      }, onProgress)
      if (alongside) await prisma.$transaction((tx) => alongside(tx, report), transaction)
      return report
    } catch (error) {
      await undo(prisma, committed).catch((undoError: unknown) => {
        throw new PartialMergeError(error, undoError)
      })
      throw error
    }
  })
}

/** A merge committed batch by batch failed, and what it had written could not all be taken back. */
export class PartialMergeError extends Error {
  override name = 'PartialMergeError'
  constructor(cause: unknown, readonly undoError: unknown) {
    super(`${(cause as Error).message}; undoing the batches already written failed too: ${(undoError as Error).message}`, { cause })
  }
}

async function merge(
  db: Db,
  incoming: readonly CollectionArtist[],
  inTransaction: (work: (tx: Db) => Promise<Batch>) => Promise<Batch>,
  onProgress: MergeOptions['onProgress'],
): Promise<MergeReport> {
  const targets = await recognise(db, incoming)
  const report: MergeReport = { artistsAdded: 0, artistsUpdated: 0, albumsAdded: 0, albumsUpdated: 0 }
  let merged = 0
  for (const group of groups(targets, READ_ARTISTS)) {
    const existing = group.filter((target) => !target.known.slug).map((target) => target.known.id)
    const held = new Map((existing.length ? await db.artist.findMany({ where: { id: { in: existing } }, select: HELD }) : []).map((artist) => [artist.id, artist]))
    // Rows are planned just before they are written, so that none outlives its batch (and the heap stays small).
    let batch = emptyBatch()
    const flush = async () => {
      // Unchanged artists plan nothing: an import of what the collection holds writes nothing.
      if (batch.artists.length || batch.albumCount || batch.artistFills.length || batch.albumFills.length) {
        const written = await inTransaction(async (tx) => (await write(tx, batch), batch))
        for (const key of Object.keys(report) as (keyof MergeReport)[]) report[key] += written.counts[key]
        await nextTurn()
      }
      batch = emptyBatch()
    }
    for (const target of group) {
      if (batch.targets === WRITE_ARTISTS || (batch.targets && batch.incomingAlbums + target.albumCount > WRITE_ALBUMS)) await flush()
      plan(target, held.get(target.known.id), batch)
    }
    await flush()
    merged += group.length
    onProgress?.({ ...report }, merged, targets.length)
    await nextTurn()
  }
  return report
}

/**
 * Decides, in source order, which artist each entry goes to: one the collection holds, or a new
 * one (later entries of the same source join it, as a Discogs export lists an artist once per
 * release). Only the artists' keys are read, page by page.
 */
async function recognise(db: Db, incoming: readonly CollectionArtist[]): Promise<Target[]> {
  const byMbid = new Map<string, Known>()
  const byName = new Map<string, Known>()
  const slugs = new Set<string>()
  for (let after: string | undefined; ; ) {
    const page = await db.artist.findMany({
      select: { id: true, slug: true, nameKey: true, musicbrainzId: true, createdAt: true },
      where: after ? { id: { gt: after } } : {},
      orderBy: { id: 'asc' },
      take: KEYS_PAGE,
    })
    for (const { slug, nameKey, ...row } of page) {
      const known = { ...row, createdAt: row.createdAt.getTime() }
      slugs.add(slug)
      if (known.musicbrainzId) byMbid.set(known.musicbrainzId, known)
      // Of two acts of one name, the one in the collection first.
      const named = byName.get(nameKey)
      if (!named || named.createdAt > known.createdAt || (named.createdAt === known.createdAt && named.id > known.id)) byName.set(nameKey, known)
    }
    if (page.length < KEYS_PAGE) break
    after = page.at(-1)!.id
    await nextTurn()
  }

  const targets = new Map<Known, Target>()
  for (const [index, artist] of incoming.entries()) {
    if (index % 2000 === 1999) await nextTurn()
    const nameKey = matchKey(artist.name)
    const named = byName.get(nameKey)
    // Two acts may share a name ("Nirvana" of Seattle and of London): different MusicBrainz ids keep them apart.
    let match =
      (artist.musicbrainzId && byMbid.get(artist.musicbrainzId)) ||
      (named && !(artist.musicbrainzId && named.musicbrainzId && named.musicbrainzId !== artist.musicbrainzId) ? named : undefined)
    let takesMusicbrainzId = false
    if (!match) {
      const slug = artist.slug && !slugs.has(artist.slug) ? (slugs.add(artist.slug), artist.slug) : uniqueSlug(artist.name, slugs)
      match = { id: randomUUID(), musicbrainzId: artist.musicbrainzId, createdAt: Infinity, slug }
      if (match.musicbrainzId) byMbid.set(match.musicbrainzId, match)
      if (!named) byName.set(nameKey, match)
    } else if (artist.musicbrainzId && !match.musicbrainzId && !byMbid.has(artist.musicbrainzId)) {
      match.musicbrainzId = artist.musicbrainzId
      byMbid.set(artist.musicbrainzId, match)
      takesMusicbrainzId = true
    }
    let target = targets.get(match)
    if (!target) targets.set(match, (target = { known: match, entries: [], albumCount: 0 }))
    target.entries.push({ artist, takesMusicbrainzId })
    target.albumCount += artist.albums.length
  }
  return [...targets.values()]
}

/** Targets in order, in groups of at most `size`. */
function groups(targets: Target[], size: number): Target[][] {
  return Array.from({ length: Math.ceil(targets.length / size) }, (_, i) => targets.slice(i * size, (i + 1) * size))
}

const emptyBatch = (): Batch => ({
  artists: [], albums: new Map(), albumCount: 0, artistFills: [], albumFills: [], undo: { artistFills: [], albumFills: [] }, targets: 0, incomingAlbums: 0,
  counts: { artistsAdded: 0, artistsUpdated: 0, albumsAdded: 0, albumsUpdated: 0 },
})

/** Adds to a batch the rows one target adds and completes, given what the collection holds of it. */
function plan(target: Target, found: Held | undefined, batch: Batch): void {
  batch.targets++
  batch.incomingAlbums += target.albumCount
  const { known, entries } = target
  const isNew = Boolean(known.slug)
  let artist: Held
  if (isNew) {
    // The first entry makes the artist; later ones complete it, as they would one already held.
    const first = entries[0]!.artist
    artist = {
      id: known.id, name: first.name, sortName: first.sortName ?? deriveSortName(first.name), musicbrainzId: first.musicbrainzId,
      country: first.country ?? null, genres: first.genres, formedYear: first.formedYear ?? null, endedYear: first.endedYear ?? null,
      bio: first.bio ?? null, links: first.links ?? [], editedFields: first.editedFields ?? [], searchText: '', albums: [],
    }
    batch.counts.artistsAdded++
  } else {
    // Between the batches of an import committed one by one, a person may delete an artist it matched.
    if (!found) throw new Error(`The artist ${known.id} was deleted during the import.`)
    artist = found
  }
  // An album renamed by hand is still the source's album under the title it had.
  const albums = new Map<string, HeldAlbum>(artist.albums.flatMap((album) => [album.titleKey, ...album.formerTitleKeys].map((key) => [key, album] as const)))
  const fill: ArtistFill = { id: artist.id, touched: [] }
  const before: ArtistFill = { id: artist.id, touched: fill.touched }
  const set = <K extends keyof ArtistFill>(column: K, value: ArtistFill[K], previous: ArtistFill[K]) => {
    fill.touched.push(column)
    fill[column] = value
    before[column] = previous
  }
  let albumsAdded = false
  for (const [index, { artist: entry, takesMusicbrainzId }] of entries.entries()) {
    if (!(isNew && index === 0)) {
      const edited = new Set(artist.editedFields)
      const touched = fill.touched.length
      const columns = { country: 'country', formedYear: 'formed_year', endedYear: 'ended_year', bio: 'bio' } as const
      for (const field of FILLABLE) {
        const value = entry[field]
        if (value != null && artist[field] == null && !edited.has(field)) {
          set(columns[field], value, null)
          ;(artist as Record<string, unknown>)[field] = value
        }
      }
      if (entry.genres.length && !artist.genres?.length && !edited.has('genres')) set('genres', (artist.genres = entry.genres), [])
      if (entry.links?.length && !(artist.links as unknown[]).length && !edited.has('links')) set('links', (artist.links = entry.links), [])
      if (takesMusicbrainzId) set('musicbrainz_id', (artist.musicbrainzId = entry.musicbrainzId), null)
      if (!isNew && fill.touched.length > touched) batch.counts.artistsUpdated++
    }
    for (const [titleKey, album] of dedupeAlbums(entry.albums)) {
      const heldAlbum = albums.get(titleKey)
      if (!heldAlbum) {
        const id = isNew ? null : randomUUID()
        const row: AlbumRow = [album.title, titleKey, album.year, album.label, album.format, album.musicbrainzId, id]
        albums.set(titleKey, { title: album.title, year: album.year, label: album.label, musicbrainzId: album.musicbrainzId, row })
        if (!batch.albums.has(artist.id)) batch.albums.set(artist.id, [])
        batch.albums.get(artist.id)!.push(row)
        batch.albumCount++
        batch.counts.albumsAdded++
        albumsAdded = true
        continue
      }
      completeAlbum(heldAlbum, album, batch)
    }
  }
  const titles = [...new Set(albums.values())].map((album) => album.title)
  if (isNew) {
    const keys = artistKeys(artist.name, artist.sortName, titles)
    batch.artists.push([
      artist.id, known.slug!, artist.name, artist.sortName, keys.sortKey, keys.nameKey, keys.searchText, artist.musicbrainzId,
      artist.country, artist.genres, artist.formedYear, artist.endedYear, artist.bio, artist.links, artist.editedFields,
    ])
    return
  }
  if (albumsAdded) set('search_text', artistSearchText(artist.name, artist.sortName, titles), artist.searchText)
  if (fill.touched.length) {
    batch.artistFills.push(fill)
    batch.undo.artistFills.push(before)
  }
}

/** Fills what an album held lacks from the same album in the source; one inserted by this batch is completed in its row. */
function completeAlbum(held: HeldAlbum, album: CollectionAlbum, batch: Batch) {
  const touched: string[] = []
  const edited = new Set(held.editedFields)
  if (album.year != null && held.year == null && !edited.has('year')) {
    touched.push('year')
    held.year = album.year
  }
  if (album.label && !held.label && !edited.has('label')) {
    touched.push('label')
    held.label = album.label
  }
  if (album.musicbrainzId && !held.musicbrainzId && !edited.has('musicbrainzId')) {
    touched.push('musicbrainz_id')
    held.musicbrainzId = album.musicbrainzId
  }
  if (!touched.length) return
  if (held.row) {
    ;[held.row[2], held.row[3], held.row[5]] = [held.year, held.label, held.musicbrainzId]
    return
  }
  // Held albums have ids; only those this batch inserts do not.
  batch.albumFills.push({ id: held.id!, touched, year: held.year, label: held.label, musicbrainz_id: held.musicbrainzId })
  batch.undo.albumFills.push({ id: held.id!, touched, year: null, label: null, musicbrainz_id: null })
  batch.counts.albumsUpdated++
}

/**
 * Rows go in as one JSON parameter each statement: a fixed text whatever the batch size, and the
 * same on PostgreSQL and PGlite, whose array parameters differ.
 */
async function write(tx: Db, batch: Batch) {
  for (const rows of chunks(batch.artists, WRITE_ARTISTS)) {
    await tx.$executeRaw`
      insert into artists (id, slug, name, sort_name, sort_key, name_key, search_text, musicbrainz_id, country, genres, formed_year, ended_year, bio, links, edited_fields, updated_at)
      select (r->>0)::uuid, r->>1, r->>2, r->>3, r->>4, r->>5, r->>6, r->>7, r->>8, array(select jsonb_array_elements_text(r->9)),
        (r->>10)::int, (r->>11)::int, r->>12, r->13, array(select jsonb_array_elements_text(r->14)), now()
      from jsonb_array_elements(${JSON.stringify(rows)}::jsonb) r`
  }
  let inserted = 0
  for (const albums of albumChunks(batch.albums)) {
    // A person may have added the same album by hand meanwhile: it is there, which is what the import wanted.
    inserted += await tx.$executeRaw`
      insert into albums (id, artist_id, title, title_key, year, label, format, musicbrainz_id)
      select coalesce((r->>6)::uuid, gen_random_uuid()), (a->>0)::uuid, r->>0, r->>1, (r->>2)::int, r->>3, (r->>4)::album_format, r->>5
      from jsonb_array_elements(${JSON.stringify(albums)}::jsonb) a, jsonb_array_elements(a->1) r
      on conflict (artist_id, title_key) do nothing`
  }
  batch.counts.albumsAdded -= batch.albumCount - inserted
  await setArtistFields(tx, batch.artistFills)
  await setAlbumFields(tx, batch.albumFills)
}

/** Albums by artist, `[artistId, rows]`, in statements of at most WRITE_ALBUMS rows. */
function* albumChunks(albums: Map<string, AlbumRow[]>): Generator<[string, AlbumRow[]][]> {
  let chunk: [string, AlbumRow[]][] = []
  let size = 0
  for (const [artistId, rows] of albums) {
    for (const part of chunks(rows, WRITE_ALBUMS)) {
      if (size + part.length > WRITE_ALBUMS && chunk.length) {
        yield chunk
        chunk = []
        size = 0
      }
      chunk.push([artistId, part])
      size += part.length
    }
  }
  if (chunk.length) yield chunk
}

async function setArtistFields(tx: Db, fills: ArtistFill[]) {
  for (const rows of chunks(fills, WRITE_ARTISTS)) {
    await tx.$executeRaw`
      update artists a set
        country = case when 'country' = any(u.touched) then u.country else a.country end,
        formed_year = case when 'formed_year' = any(u.touched) then u.formed_year else a.formed_year end,
        ended_year = case when 'ended_year' = any(u.touched) then u.ended_year else a.ended_year end,
        bio = case when 'bio' = any(u.touched) then u.bio else a.bio end,
        genres = case when 'genres' = any(u.touched) then u.genres else a.genres end,
        links = case when 'links' = any(u.touched) then u.links else a.links end,
        musicbrainz_id = case when 'musicbrainz_id' = any(u.touched) then u.musicbrainz_id else a.musicbrainz_id end,
        search_text = case when 'search_text' = any(u.touched) then u.search_text else a.search_text end,
        updated_at = now()
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as u(id uuid, touched text[], country text, formed_year int, ended_year int, bio text,
        genres text[], links jsonb, musicbrainz_id text, search_text text)
      where a.id = u.id`
  }
}

async function setAlbumFields(tx: Db, fills: AlbumFill[]) {
  for (const rows of chunks(fills, WRITE_ALBUMS)) {
    await tx.$executeRaw`
      update albums a set
        year = case when 'year' = any(u.touched) then u.year else a.year end,
        label = case when 'label' = any(u.touched) then u.label else a.label end,
        musicbrainz_id = case when 'musicbrainz_id' = any(u.touched) then u.musicbrainz_id else a.musicbrainz_id end
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as u(id uuid, touched text[], year int, label text, musicbrainz_id text)
      where a.id = u.id`
  }
}

interface Undo {
  artists: string[]
  albums: string[]
  artistFills: ArtistFill[]
  albumFills: AlbumFill[]
}

/** Takes back committed batches: fields they filled are emptied again, rows they added deleted (an artist's albums with it). */
async function undo(prisma: PrismaClient, committed: Undo) {
  for (const fills of chunks(committed.albumFills, WRITE_ALBUMS)) await prisma.$transaction((tx) => setAlbumFields(tx, fills))
  for (const fills of chunks(committed.artistFills, WRITE_ARTISTS)) await prisma.$transaction((tx) => setArtistFields(tx, fills))
  for (const ids of chunks(committed.albums, WRITE_ALBUMS)) {
    await prisma.$executeRaw`delete from albums where id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`
    await nextTurn()
  }
  for (const ids of chunks(committed.artists, WRITE_ARTISTS)) {
    await prisma.$executeRaw`delete from artists where id in (select value::uuid from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`
    await nextTurn()
  }
}

/** A source may list an album twice (two pressings of one title): one row, completed from both. By folded title. */
function dedupeAlbums(albums: CollectionAlbum[]): Map<string, CollectionAlbum> {
  const byKey = new Map<string, CollectionAlbum>()
  for (const album of albums) {
    const key = matchKey(album.title)
    const held = byKey.get(key)
    byKey.set(key, held ? { ...held, year: held.year ?? album.year, label: held.label ?? album.label, musicbrainzId: held.musicbrainzId ?? album.musicbrainzId } : album)
  }
  return byKey
}

function* chunks<T>(items: T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size)
}
