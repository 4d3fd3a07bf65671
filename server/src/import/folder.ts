import { opendir } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileTypeFromFile } from 'file-type'
import { parseFile, type ICommonTagsResult } from 'music-metadata'
import { matchKey } from '@portrait/prisma'
import { type CollectionArtist, isVarious, type ImportProblem, type ParsedCollection, textFault } from './document.ts'

/** Extensions music-metadata reads tags from; anything else in a music folder (covers, cue sheets) is not a problem. */
const AUDIO = new Set(['.mp3', '.flac', '.m4a', '.mp4', '.aac', '.alac', '.ogg', '.oga', '.opus', '.wma', '.wav', '.aif', '.aiff', '.ape', '.wv', '.mpc', '.dsf'])

export interface ScanProgress {
  phase: 'LISTING' | 'READING'
  filesTotal: number
  filesRead: number
  problems: number
}

/** Audio files under a folder, in a stable order. Dot files (macOS "._" shadows) and symbolic links are left out. */
export async function listAudioFiles(root: string, signal?: AbortSignal): Promise<string[]> {
  const files: string[] = []
  const walk = async (dir: string) => {
    for await (const entry of await opendir(dir)) {
      signal?.throwIfAborted()
      if (entry.name.startsWith('.')) continue
      const path = join(dir, entry.name)
      if (entry.isDirectory()) await walk(path)
      else if (entry.isFile() && AUDIO.has(entry.name.slice(entry.name.lastIndexOf('.')).toLowerCase())) files.push(path)
    }
  }
  await walk(root)
  return files.sort()
}

/** "Homogenic (Disc 2)", "Homogenic [CD 1]", "Homogenic - Disc 1": one album, whatever the disc. */
export function albumTitle(title: string): string {
  return title.replace(/\s*(?:[([]\s*(?:disc|disk|cd)\s*\d+\s*[)\]]|[-–:]\s*(?:disc|disk|cd)\s*\d+)\s*$/i, '').trim()
}

/** Where an album's art may be found once it is merged: `attachCovers` (./covers.ts) reads it then. */
export interface AlbumArtSource {
  artist: { name: string; musicbrainzId: string | null }
  album: string
  /** The folders its tracks are in, for cover.jpg and the like. */
  folders: string[]
  /** A few of its tracks, for embedded pictures. */
  tracks: string[]
}

/** A scanned folder: the collection, and where each album's art may be. */
export interface ScannedCollection extends ParsedCollection {
  art: AlbumArtSource[]
}

/** Tracks of an album read for embedded art before giving up: one usually holds it, if any does. */
const ART_TRACKS = 3

interface Track {
  path: string
  artist: string
  sortName: string | null
  artistId: string | null
  album: string
  albumId: string | null
  year: number | null
  label: string | null
  genres: string[]
}

function track(path: string, common: ICommonTagsResult): Track | 'untagged' | 'compilation' {
  const artist = (common.albumartist ?? common.artist ?? '').trim()
  const album = albumTitle(common.album ?? '')
  if (!artist || !album) return 'untagged'
  if (isVarious(artist) || (common.compilation && !common.albumartist)) return 'compilation'
  const fromAlbumArtist = Boolean(common.albumartist?.trim())
  const year = common.year ?? (Number(/^\d{4}/.exec(common.date ?? '')?.[0]) || null)
  return {
    path,
    artist,
    // The artist's own sort tag also files the album artist when both name the same act.
    sortName: (fromAlbumArtist ? (common.albumartistsort ?? (common.albumartist === common.artist ? common.artistsort : undefined)) : common.artistsort)?.trim() || null,
    artistId: (fromAlbumArtist ? common.musicbrainz_albumartistid?.[0] : common.musicbrainz_artistid?.[0]) ?? null,
    album,
    albumId: common.musicbrainz_albumid ?? null,
    year: year && year >= 1000 ? year : null,
    label: common.label?.[0]?.trim() || null,
    genres: (common.genre ?? []).map((genre) => genre.trim().toLowerCase()).filter(Boolean),
  }
}

/** Why a file's tags cannot be imported as they are (a Vorbis comment may hold any byte), or null. */
function trackFault(t: Track): string | null {
  return (
    [t.artist, t.album, t.sortName].map((name) => textFault(name ?? '', true)).find(Boolean) ??
    [t.label, t.artistId, t.albumId, ...t.genres].map((text) => textFault(text ?? '', false)).find(Boolean) ??
    null
  )
}

/**
 * Whether a file's first bytes are an audio (or audio-bearing video) container's. music-metadata
 * trusts the extension, and finds "MPEG frames" in any bytes named .mp3: random bytes would be
 * reported as a track without tags rather than as what they are.
 */
async function isAudio(path: string): Promise<boolean> {
  const type = await fileTypeFromFile(path).catch(() => undefined)
  return Boolean(type && /^(audio|video)\//.test(type.mime))
}

/**
 * Reads the tags of every audio file under a folder and groups them into artists and albums.
 * A file it cannot read, or without artist and album tags, is reported and skipped.
 */
export async function scanFolder(
  root: string,
  { onProgress, signal, concurrency = 8 }: { onProgress?: (progress: ScanProgress) => void; signal?: AbortSignal; concurrency?: number } = {},
): Promise<ScannedCollection> {
  onProgress?.({ phase: 'LISTING', filesTotal: 0, filesRead: 0, problems: 0 })
  const files = await listAudioFiles(root, signal)
  const tracks: (Track | null)[] = new Array(files.length).fill(null)
  const problems: ImportProblem[] = []
  let compilations = 0
  const compilationAlbums = new Set<string>()
  let read = 0
  let next = 0
  // A handful of files in flight keeps the disk busy without holding a whole library's tags in memory.
  const worker = async () => {
    while (next < files.length) {
      signal?.throwIfAborted()
      const index = next++
      const path = files[index]!
      const source = relative(root, path)
      try {
        const { common, format } = await parseFile(path, { duration: false, skipCovers: true })
        if (!format.container) problems.push({ source, message: 'Not a readable audio file.' })
        else {
          const result = track(path, common)
          if (result === 'untagged') problems.push({ source, message: (await isAudio(path)) ? 'No artist or album tag: file skipped.' : 'Not a readable audio file.' })
          else if (result === 'compilation') compilationAlbums.add(matchKey(common.album ?? ''))
          else {
            const fault = trackFault(result)
            if (fault) problems.push({ source, message: `Holds ${fault}: file skipped.` })
            else tracks[index] = result
          }
        }
      } catch (error) {
        problems.push({ source, message: `Not a readable audio file: ${(error as Error).message.replace(path, source)}` })
      }
      read++
      onProgress?.({ phase: 'READING', filesTotal: files.length, filesRead: read, problems: problems.length })
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker))
  compilations = compilationAlbums.size

  const artists = new Map<string, CollectionArtist>()
  // Each artist's albums by folded title: a 10,000-file library is grouped without rescanning lists.
  const albumsOf = new Map<CollectionArtist, Map<string, CollectionArtist['albums'][number]>>()
  const artOf = new Map<CollectionArtist['albums'][number], AlbumArtSource>()
  for (const t of tracks) {
    if (!t) continue
    const key = t.artistId ?? `name:${matchKey(t.artist)}`
    let artist = artists.get(key)
    if (!artist) {
      artist = { name: t.artist, sortName: t.sortName, musicbrainzId: t.artistId, genres: [], albums: [] }
      artists.set(key, artist)
      albumsOf.set(artist, new Map())
    }
    // Spellings differ between files ("Cure", "The Cure"): the one a tagger filed with a sort name wins.
    if (t.sortName && !artist.sortName) {
      artist.name = t.artist
      artist.sortName = t.sortName
    }
    for (const genre of t.genres) if (!artist.genres.includes(genre)) artist.genres.push(genre)
    const albums = albumsOf.get(artist)!
    const albumKey = matchKey(t.album)
    const album = albums.get(albumKey)
    const folder = dirname(t.path)
    if (!album) {
      const added = { title: t.album, year: t.year, label: t.label, format: 'DIGITAL' as const, musicbrainzId: t.albumId }
      artist.albums.push(added)
      albums.set(albumKey, added)
      artOf.set(added, { artist, album: t.album, folders: [folder], tracks: [t.path] })
    } else {
      const art = artOf.get(album)!
      if (!art.folders.includes(folder)) art.folders.push(folder)
      if (art.tracks.length < ART_TRACKS) art.tracks.push(t.path)
      album.year ??= t.year
      album.label ??= t.label
      album.musicbrainzId ??= t.albumId
    }
  }
  problems.sort((a, b) => a.source.localeCompare(b.source))
  // The artist object itself: its name and id as finally settled, which is what the merge matches on.
  const art = [...artOf.values()].map(({ artist, ...rest }) => ({ ...rest, artist: { name: artist.name, musicbrainzId: artist.musicbrainzId } }))
  return { artists: [...artists.values()], items: files.length, problems, compilations, art }
}
