import type { AlbumFormat } from '@portrait/prisma'
import { pipeline } from 'node:stream/promises'
import { type OptionsWithColumns, parse } from 'csv-parse'
import { CsvError, parse as parseText } from 'csv-parse/sync'
import { type CollectionArtist, ImportFileError, isVarious, type ImportProblem, type ParsedCollection, textFault } from './document.ts'
import { peek } from './decode.ts'

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

function plainFormat(value: string | undefined): AlbumFormat {
  const upper = (value ?? '').trim().toUpperCase()
  return (['VINYL', 'CD', 'CASSETTE', 'DIGITAL'] as const).find((format) => format === upper) ?? (upper ? discogsFormat(upper) : 'DIGITAL')
}

const unrecognised = () =>
  new ImportFileError(
    'Unrecognised CSV columns: expected a Discogs collection export (Artist, Title, Label, Format, Released, release_id…) or a CSV with artist and album columns.',
  )

/**
 * Files each row into its artist as csv-parse hands it over, so that no row is kept once read.
 * Refuses the file at its header when the columns are not ones we know.
 */
function collect(delimiter: string) {
  let header: string[] | null = null
  let discogs = false
  // A plain CSV's columns by lower-case name (the last of a name, should two differ only in case).
  let columns = new Map<string, string>()
  const artists = new Map<string, CollectionArtist>()
  const problems: ImportProblem[] = []
  let compilations = 0
  let items = 0

  const onRow = (raw: Row, lines: number) => {
    items++
    // `lines` is where a row ends; a quoted note may have spread it over several.
    let number = lines
    for (const value of Object.values(raw)) for (let at = value.indexOf('\n'); at >= 0; at = value.indexOf('\n', at + 1)) number--
    const line = () => `line ${number}`
    const field = (name: string) => (discogs ? raw[name] : raw[columns.get(name) ?? ''])
    const name = discogs ? cleanDiscogsName(raw.Artist ?? '') : (field('artist') ?? '').trim()
    const title = (discogs ? raw.Title : field('album'))?.trim() ?? ''
    if (!name || !title) {
      problems.push({ source: line(), message: 'No artist or no title: row skipped.' })
      return
    }
    let fault = textFault(name, true) ?? textFault(title, true)
    for (const key of discogs ? Object.keys(raw) : columns.values()) fault ??= raw[key] === undefined ? null : textFault(raw[key], false)
    if (fault) {
      problems.push({ source: line(), message: `Holds ${fault}: row skipped.` })
      return
    }
    if (isVarious(name)) {
      compilations++
      return
    }
    const label = discogs ? cleanDiscogsName((raw.Label ?? '').split(/,\s+/)[0] ?? '') : (field('label') ?? '').trim()
    const format: AlbumFormat = discogs ? discogsFormat(raw.Format ?? '') : plainFormat(field('format'))
    let artist = artists.get(name)
    if (!artist) {
      artist = {
        name,
        sortName: discogs ? null : field('sort_name')?.trim() || null,
        musicbrainzId: null,
        genres: discogs ? [] : (field('genres') ?? '').split(/[;|]/).map((genre) => genre.trim().toLowerCase()).filter(Boolean),
        albums: [],
      }
      artists.set(name, artist)
    }
    artist.albums.push({ title, year: yearOf(discogs ? raw.Released : field('year')), label: label || null, format, musicbrainzId: null })
  }

  const options: OptionsWithColumns<Row> = {
    bom: true,
    delimiter,
    columns: (names: string[]) => {
      header = names.map((name) => name.trim())
      discogs = header.includes('release_id') || (header.includes('Artist') && header.includes('Title') && header.includes('Format'))
      columns = new Map(header.map((name) => [name.toLowerCase(), name]))
      if (!discogs && !(columns.has('artist') && columns.has('album'))) throw unrecognised()
      return header
    },
    skip_empty_lines: true,
    trim: true,
    // Real Discogs exports end rows with one comma more or less than the header.
    relax_column_count: true,
    // Rows are filed here and dropped: the parser keeps none of them.
    on_record: (record, { lines }) => void onRow(record, lines),
  }

  return {
    options,
    result(): ParsedCollection {
      if (!header) throw unrecognised()
      return { artists: [...artists.values()], items, problems, compilations }
    },
  }
}

const readable = (error: unknown) => (error instanceof CsvError ? new ImportFileError(`Not a readable CSV file: ${error.message}`) : error)

/**
 * Reads a Discogs collection export, or a plain CSV with `artist` and `album` columns (and
 * optionally year, label, format, sort_name, genres), refusing the whole file at a malformed row.
 */
export function parseCsvDocument(text: string): ParsedCollection {
  const rows = collect(delimiterOf(text))
  try {
    // csv-parse counts a CRLF inside a quoted field as two lines: one kind of line break keeps them right.
    parseText(text.replace(/\r\n?/g, '\n'), rows.options)
  } catch (error) {
    throw readable(error)
  }
  return rows.result()
}

/** `parseCsvDocument` for text arriving in pieces: rows are filed as they are parsed. */
export async function readCsvDocument(pieces: AsyncIterable<string>): Promise<ParsedCollection> {
  const { head, text } = await peek(pieces, /[\r\n]/)
  const rows = collect(delimiterOf(head))
  try {
    await pipeline(text, oneLineBreak, parse(rows.options))
  } catch (error) {
    throw readable(error)
  }
  return rows.result()
}

/** `text.replace(/\r\n?/g, '\n')` over pieces: a CRLF split between two pieces is one line break too. */
async function* oneLineBreak(pieces: AsyncIterable<string>): AsyncGenerator<string> {
  let held = ''
  for await (const piece of pieces) {
    const text = held + piece
    held = text.endsWith('\r') ? '\r' : ''
    yield text.slice(0, text.length - held.length).replace(/\r\n?/g, '\n')
  }
  if (held) yield '\n'
}
