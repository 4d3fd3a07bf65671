import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'

export interface ScaleCollection {
  path: string
  artists: number
  albums: number
  bytes: number
}

const GENRES = ['rock', 'jazz', 'electronic', 'folk', 'hip hop', 'classical', 'soul', 'metal']
const FORMATS = ['VINYL', 'CD', 'CASSETTE', 'DIGITAL']
const ACCENTED = ['Björk', 'Sigur Rós', 'Cesária', 'Motörhead', 'Żółć', 'Ærø', 'Dvořák', 'Łódź']

/**
 * A plain CSV (`artist,album,year,label,format,genres`) of `artists` artists holding `albums`
 * albums between them, the same bytes at every call: names with accents, a leading "The", commas
 * and quotes, so the parser and the keys do their real work.
 */
export async function writeCollectionCsv(dir: string, artists = 20_000, albums = 100_000): Promise<ScaleCollection> {
  const path = join(dir, `collection-${artists}-${albums}.csv`)
  const out = createWriteStream(path)
  let bytes = 0
  const write = async (line: string) => {
    bytes += Buffer.byteLength(line)
    if (!out.write(line)) await once(out, 'drain')
  }
  await write('artist,album,year,label,format,genres\n')
  for (let i = 0; i < albums; i++) {
    const a = i % artists
    const n = Math.floor(i / artists)
    const name = `${a % 7 === 0 ? 'The ' : ''}${ACCENTED[a % ACCENTED.length]} ${a}${a % 11 === 0 ? ', Jr.' : ''}`
    const title = `${n % 3 === 0 ? 'Live "' : ''}Record ${n} of ${a}${n % 3 === 0 ? '"' : ''}`
    const genres = `${GENRES[a % GENRES.length]};${GENRES[(a * 3 + 1) % GENRES.length]}`
    const fields = [name, title, String(1950 + ((a + n) % 75)), `Label ${a % 997}`, FORMATS[(a + n) % 4]!, genres]
    await write(fields.map((field) => (/[",\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field)).join(',') + '\n')
  }
  out.end()
  await once(out, 'finish')
  return { path, artists, albums, bytes }
}
