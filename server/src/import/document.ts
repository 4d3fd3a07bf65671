import type { AlbumFormat } from '@portrait/prisma'
import { z } from 'zod'
import type { FileEncoding } from './decode.ts'
import { jsonLines } from './json-lines.ts'

/** One album as every source hands it to the merge. */
export interface CollectionAlbum {
  title: string
  year: number | null
  label: string | null
  format: AlbumFormat
  musicbrainzId: string | null
  /** The album's art, carried by our JSON format when exported with covers (base64 of the image file). */
  cover?: AlbumCover | null
}

/** Album art in our JSON format: the image file's bytes, in base64. */
export interface AlbumCover {
  mime: string
  data: string
}

/** One artist with its albums, as every source hands it to the merge: the unit of our JSON format. */
export interface CollectionArtist {
  name: string
  /** Null when the source does not say: derived from the name ("The Cure" → "Cure, The"). */
  sortName: string | null
  musicbrainzId: string | null
  slug?: string | null
  country?: string | null
  genres: string[]
  formedYear?: number | null
  endedYear?: number | null
  bio?: string | null
  links?: { label: string; url: string }[]
  editedFields?: string[]
  albums: CollectionAlbum[]
}

/** A file or row an import could not use, and why. */
export interface ImportProblem {
  /** A path relative to the imported folder, or "line N" of an imported file. */
  source: string
  message: string
}

/** What a source yields before anything is written. */
export interface ParsedCollection {
  artists: CollectionArtist[]
  /** Audio files or rows read. */
  items: number
  problems: ImportProblem[]
  /** Compilations ("Various Artists") left out: they name no artist of their own. */
  compilations: number
  /** How a file's bytes were read; absent for folders and for text handed over already decoded. */
  encoding?: FileEncoding
}

/** The file is not something we can import; nothing was written. */
export class ImportFileError extends Error {
  override name = 'ImportFileError'
  readonly code = 'INVALID_IMPORT_FILE'
}

export const FORMAT_NAME = 'portrait-collection'

/**
 * Why text cannot be imported as it is, or null. PostgreSQL refuses NUL in text (error 22021)
 * and would fail the whole import; U+FFFD in a name is a character lost before the file reached
 * us, and would file the artist a second time, beside the right spelling, for good.
 */
export function textFault(text: string, isName: boolean): string | null {
  if (text.includes('\0')) return 'a NUL byte, which the database cannot store'
  if (isName && text.includes('\uFFFD')) return 'U+FFFD (\uFFFD) in a name: a character was lost before the file was saved'
  return null
}

type Path = (string | number)[]

/** The first string in a value that `textFault` refuses, and where it is. */
function firstFault(value: unknown, path: Path): { path: Path; fault: string } | null {
  if (typeof value === 'string') {
    const fault = textFault(value, ['name', 'sortName', 'title'].includes(String(path.at(-1))))
    return fault ? { path, fault } : null
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = firstFault(item, [...path, Array.isArray(value) ? Number(key) : key])
      if (found) return found
    }
  }
  return null
}

const year = z.number().int().min(1000).max(2999).nullable().default(null)

const AlbumSchema = z.object({
  title: z.string().trim().min(1),
  year,
  label: z.string().trim().min(1).nullable().default(null),
  format: z.enum(['VINYL', 'CD', 'CASSETTE', 'DIGITAL']).default('DIGITAL'),
  musicbrainzId: z.string().min(1).nullable().default(null),
  // Checked to be an image when the import stores it (./covers.ts); one that is not is left out.
  cover: z.object({ mime: z.string().regex(/^image\/[a-z0-9.+-]+$/), data: z.base64() }).nullable().optional(),
})

const ArtistSchema = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/).nullable().optional(),
  name: z.string().trim().min(1),
  sortName: z.string().trim().min(1).nullable().default(null),
  musicbrainzId: z.string().min(1).nullable().default(null),
  country: z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as "GB"').nullable().optional(),
  genres: z.array(z.string().trim().min(1)).default([]),
  formedYear: year.optional(),
  endedYear: year.optional(),
  bio: z.string().nullable().optional(),
  links: z.array(z.object({ label: z.string().min(1), url: z.url() })).optional(),
  editedFields: z.array(z.string()).optional(),
  albums: z.array(AlbumSchema).default([]),
})

/** Our JSON format: what `npm run export` writes. A bare array of artists (the demo file) reads too. */
const DocumentSchema = z.union([
  z.object({ format: z.literal(FORMAT_NAME), version: z.literal(1), artists: z.array(ArtistSchema) }),
  z.array(ArtistSchema).transform((artists) => ({ artists })),
])

/**
 * Reads our JSON format, refusing the whole file at its first fault of form; an entry or album
 * holding text the collection cannot take is skipped and reported by its line.
 */
export function parseJsonDocument(text: string): ParsedCollection {
  // Our own export, re-saved by an editor that adds a byte order mark.
  if (text.startsWith('\uFEFF')) text = text.slice(1)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const message = (error as Error).message
    const position = /at position (\d+)/.exec(message)?.[1]
    const at = position ? ` at line ${text.slice(0, Number(position)).split('\n').length}` : ''
    throw new ImportFileError(`Not valid JSON${at}: ${message}`)
  }
  const result = DocumentSchema.safeParse(value)
  if (!result.success) {
    const issue = result.error.issues[0]!
    const at = issue.path.length ? ` at ${issue.path.join('.')}` : ''
    throw new ImportFileError(`Not a Portrait collection${at}: ${issue.message}`)
  }
  const prefix: Path = Array.isArray(value) ? [] : ['artists']
  const faults: { path: Path; fault: string; skipped: 'entry' | 'album' }[] = []
  const artists = result.data.artists.flatMap((artist, index) => {
    const { albums, ...own } = artist
    const fault = firstFault(own, [...prefix, index])
    if (fault) {
      faults.push({ ...fault, skipped: 'entry' })
      return []
    }
    const kept = albums.filter((album, n) => {
      const albumFault = firstFault(album, [...prefix, index, 'albums', n])
      if (albumFault) faults.push({ ...albumFault, skipped: 'album' })
      return !albumFault
    })
    return [{ ...artist, albums: kept }]
  })
  const lines = jsonLines(text, new Set(faults.map(({ path }) => path.join('.'))))
  const problems = faults.map(({ path, fault, skipped }) => ({ source: `line ${lines.get(path.join('.'))}`, message: `Holds ${fault}: ${skipped} skipped.` }))
  return { artists, items: result.data.artists.length, problems, compilations: 0 }
}

/** Names that stand for "several artists" on compilations, in the spellings taggers and Discogs use. */
export function isVarious(name: string): boolean {
  return /^(various|various artists|va|v\.a\.|varios artistas|artistes divers|verschiedene interpreten)$/i.test(name.trim())
}
