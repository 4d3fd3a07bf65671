import type { AlbumFormat } from '@portrait/prisma'
import { z } from 'zod'

/** One album as every source hands it to the merge. */
export interface CollectionAlbum {
  title: string
  year: number | null
  label: string | null
  format: AlbumFormat
  musicbrainzId: string | null
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
}

/** The file is not something we can import; nothing was written. */
export class ImportFileError extends Error {
  override name = 'ImportFileError'
  readonly code = 'INVALID_IMPORT_FILE'
}

export const FORMAT_NAME = 'portrait-collection'

const year = z.number().int().min(1000).max(2999).nullable().default(null)

const AlbumSchema = z.object({
  title: z.string().trim().min(1),
  year,
  label: z.string().trim().min(1).nullable().default(null),
  format: z.enum(['VINYL', 'CD', 'CASSETTE', 'DIGITAL']).default('DIGITAL'),
  musicbrainzId: z.string().min(1).nullable().default(null),
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

/** Reads our JSON format, refusing the whole file at its first fault. */
export function parseJsonDocument(text: string): ParsedCollection {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new ImportFileError(`Not valid JSON: ${(error as Error).message}`)
  }
  const result = DocumentSchema.safeParse(value)
  if (!result.success) {
    const issue = result.error.issues[0]!
    const at = issue.path.length ? ` at ${issue.path.join('.')}` : ''
    throw new ImportFileError(`Not a Portrait collection${at}: ${issue.message}`)
  }
  return { artists: result.data.artists, items: result.data.artists.length, problems: [], compilations: 0 }
}

/** Names that stand for "several artists" on compilations, in the spellings taggers and Discogs use. */
export function isVarious(name: string): boolean {
  return /^(various|various artists|va|v\.a\.|varios artistas|artistes divers|verschiedene interpreten)$/i.test(name.trim())
}
