import type { AlbumFormat } from '@portrait/prisma'
import { CsvError, parse } from 'csv-parse/sync'
import { type CollectionArtist, ImportFileError, isVarious, type ImportProblem, type ParsedCollection, textFault } from './document.ts'

type Row = Record<string, string>

/** Discogs' catalogue suffixes ("Nirvana (2)") and name-variation marks ("Prince*"), wherever a name ends. */
export function cleanDiscogsName(name: string): string {
  return name
    .replace(/\s+\(\d+\)(?=$|\s*[,&/]|\s+(?:and|with|feat\.?|vs\.?)\s)/gi, '')
    .replace(/\*(?=$|\s*[,&/]|\s)/g, '')
    .trim()
}

/** Discogs' Format column ("2xLP, Album, RE", "CD, Album", "Cass, Album", "File, FLAC") as our medium. */
export function discogsFormat(format: string): AlbumFormat {
  // "2xLP", "3xCD": the count is glued to the medium.
  const f = format.toLowerCase().replace(/\b\d+x/g, '')
  if (/\b(cass|cassette|8-track)/.test(f)) return 'CASSETTE'
  if (/\b(file|mp3|flac|wav|aac|alac|ogg)\b/.test(f)) return 'DIGITAL'
  if (/\b(cd|cdr|sacd|hdcd|cd-?rom)\b/.test(f)) return 'CD'
  return 'VINYL'
}

function yearOf(value: string | undefined): number | null {
  const match = /^(\d{4})/.exec(value?.trim() ?? '')
  const year = match ? Number(match[1]) : 0
  return year >= 1000 ? year : null
}

/**
 * The field separator, from the header line: Discogs writes commas, Excel's "Unicode text" tabs,
 * and Excel in locales whose decimal mark is a comma, semicolons.
 */
function delimiterOf(text: string): string {
  const header = text.slice(0, text.search(/\r|\n|$/))
  const count = (char: string) => header.split(char).length - 1
  return [',', '\t', ';'].reduce((best, char) => (count(char) > count(best) ? char : best))
}

function readRows(text: string): { header: string[]; rows: { row: Row; line: number }[] } {
  let header: string[] = []
  try {
    // csv-parse counts a CRLF inside a quoted field as two lines: one kind of line break keeps them right.
    const records = parse(text.replace(/\r\n?/g, '\n'), {
      bom: true,
      delimiter: delimiterOf(text),
      columns: (names: string[]) => (header = names.map((name) => name.trim())),
      skip_empty_lines: true,
      trim: true,
      // Real Discogs exports end rows with one comma more or less than the header.
      relax_column_count: true,
      info: true,
    }) as { record: Row; info: { lines: number } }[]
    // `lines` is where a row ends; a quoted note may have spread it over several.
    const rows = records.map(({ record, info }) => ({ row: record, line: info.lines - Object.values(record).join('').split('\n').length + 1 }))
    return { header, rows }
  } catch (error) {
    if (error instanceof CsvError) throw new ImportFileError(`Not a readable CSV file: ${error.message}`)
    throw error
  }
}

/**
 * Reads a Discogs collection export, or a plain CSV with `artist` and `album` columns (and
 * optionally year, label, format, sort_name, genres), refusing the whole file at a malformed row.
 */
export function parseCsvDocument(text: string): ParsedCollection {
  const { header, rows } = readRows(text)
  const discogs = header.includes('release_id') || (header.includes('Artist') && header.includes('Title') && header.includes('Format'))
  const lower = header.map((name) => name.toLowerCase())
  if (!discogs && !(lower.includes('artist') && lower.includes('album'))) {
    throw new ImportFileError(
      'Unrecognised CSV columns: expected a Discogs collection export (Artist, Title, Label, Format, Released, release_id…) or a CSV with artist and album columns.',
    )
  }
  const artists = new Map<string, CollectionArtist>()
  const problems: ImportProblem[] = []
  let compilations = 0
  rows.forEach(({ row: raw, line: number }) => {
    const row: Row = discogs ? raw : Object.fromEntries(Object.entries(raw).map(([key, value]) => [key.toLowerCase(), value]))
    const line = `line ${number}`
    const name = discogs ? cleanDiscogsName(row.Artist ?? '') : (row.artist ?? '').trim()
    const title = (discogs ? row.Title : row.album)?.trim() ?? ''
    if (!name || !title) {
      problems.push({ source: line, message: 'No artist or no title: row skipped.' })
      return
    }
    const fault = textFault(name, true) ?? textFault(title, true) ?? Object.values(row).map((value) => textFault(value, false)).find(Boolean)
    if (fault) {
      problems.push({ source: line, message: `Holds ${fault}: row skipped.` })
      return
    }
    if (isVarious(name)) {
      compilations++
      return
    }
    const label = discogs ? cleanDiscogsName((row.Label ?? '').split(/,\s+/)[0] ?? '') : (row.label ?? '').trim()
    const format: AlbumFormat = discogs ? discogsFormat(row.Format ?? '') : plainFormat(row.format)
    const artist = artists.get(name) ?? {
      name,
      sortName: discogs ? null : row.sort_name?.trim() || null,
      musicbrainzId: null,
      genres: discogs ? [] : (row.genres ?? '').split(/[;|]/).map((genre) => genre.trim().toLowerCase()).filter(Boolean),
      albums: [],
    }
    artists.set(name, artist)
    artist.albums.push({ title, year: yearOf(discogs ? row.Released : row.year), label: label || null, format, musicbrainzId: null })
  })
  return { artists: [...artists.values()], items: rows.length, problems, compilations }
}

function plainFormat(value: string | undefined): AlbumFormat {
  const upper = (value ?? '').trim().toUpperCase()
  return (['VINYL', 'CD', 'CASSETTE', 'DIGITAL'] as const).find((format) => format === upper) ?? (upper ? discogsFormat(upper) : 'DIGITAL')
}
