import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openDatabase, seed, type Database } from '@portrait/prisma'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tempDataDir } from '../../../prisma/test/databases.ts'
import { createCollection } from '../collection.ts'
import { cleanDiscogsName } from './csv.ts'
import { ImportFileError } from './document.ts'
import { exportCollection } from './export.ts'
import { scanFolder } from './folder.ts'
import { parseDocument, readCollection } from './parse.ts'
import { mergeCollection } from './merge.ts'

const fixture = (path: string) => fileURLToPath(new URL(`../../test/fixtures/${path}`, import.meta.url))
const library = fixture('music/library')
const readFixture = (name: string) => readFile(fixture(`collections/${name}`), 'utf8')

let db: Database
let remove: () => void
beforeEach(async () => {
  const dir = tempDataDir()
  remove = dir.remove
  db = await openDatabase({ dataDir: dir.dataDir })
  await db.migrate()
})
afterEach(async () => {
  await db.close()
  remove()
})

/** The collection as a reader sees it: artists in listing order with their albums. */
async function collection() {
  const artists = await db.prisma.artist.findMany({ orderBy: [{ sortKey: 'asc' }, { id: 'asc' }], include: { albums: { orderBy: { title: 'asc' } } } })
  return artists.map((a) => ({
    name: a.name, sortName: a.sortName, mbid: a.musicbrainzId, genres: a.genres,
    albums: a.albums.map((album) => [album.title, album.year, album.label, album.format]),
  }))
}

describe('a music folder', () => {
  it('reads every format, groups discs and spellings, leaves out compilations, and reports what it could not read', async () => {
    const parsed = await scanFolder(library)
    expect(parsed.items).toBe(12)
    expect(parsed.compilations).toBe(1)
    expect(parsed.problems.map((p) => [p.source, p.message])).toEqual([
      ['misc/broken.flac', expect.stringMatching(/^Not a readable audio file/)],
      ['misc/noise.mp3', 'Not a readable audio file.'],
      ['misc/untitled.mp3', 'No artist or album tag: file skipped.'],
    ])
    const report = await mergeCollection(db.prisma, parsed.artists)
    expect(report).toEqual({ artistsAdded: 6, artistsUpdated: 0, albumsAdded: 7, albumsUpdated: 0 })
    expect(await collection()).toEqual([
      { name: 'Björk', sortName: 'Björk', mbid: '87c5dedd-371d-4a53-9f7f-80522fb7f3cb', genres: ['electronic'], albums: [['Homogenic', 1997, 'One Little Indian', 'DIGITAL']] },
      { name: 'Cesária Évora', sortName: 'Cesária Évora', mbid: null, genres: ['morna'], albums: [['Miss Perfumado', 1992, null, 'DIGITAL']] },
      // ID3v2.4 "The Cure" with its sort tag, and Opus "Cure": one artist.
      { name: 'The Cure', sortName: 'Cure, The', mbid: null, genres: ['post-punk'], albums: [['Disintegration', 1989, 'Fiction', 'DIGITAL'], ['Pornography', 1982, null, 'DIGITAL']] },
      // ID3v2.3 written by id3v2: artist only, numeric genre.
      { name: 'Kraftwerk', sortName: 'Kraftwerk', mbid: null, genres: ['electronic'], albums: [['Trans-Europe Express', 1977, 'Kling Klang', 'DIGITAL']] },
      // ID3v1 only.
      { name: 'Nina Simone', sortName: 'Nina Simone', mbid: null, genres: ['jazz'], albums: [['Pastel Blues', 1965, null, 'DIGITAL']] },
      { name: 'Yellow Magic Orchestra', sortName: 'Yellow Magic Orchestra', mbid: null, genres: ['electronic'], albums: [['Solid State Survivor', 1979, 'Alfa', 'DIGITAL']] },
    ])
    expect(await db.prisma.artist.count({ where: { name: { in: ['Various Artists', 'The Specials'] } } })).toBe(0)
  })

  it('changes nothing when the same folder is imported again', async () => {
    await mergeCollection(db.prisma, (await scanFolder(library)).artists)
    const before = await db.prisma.artist.findMany({ orderBy: { id: 'asc' }, include: { albums: { orderBy: { id: 'asc' } } } })
    const again = await mergeCollection(db.prisma, (await scanFolder(library)).artists)
    expect(again).toEqual({ artistsAdded: 0, artistsUpdated: 0, albumsAdded: 0, albumsUpdated: 0 })
    expect(await db.prisma.artist.findMany({ orderBy: { id: 'asc' }, include: { albums: { orderBy: { id: 'asc' } } } })).toEqual(before)
  })

  it('keeps what a person edited by hand, and completes only what is empty', async () => {
    await mergeCollection(db.prisma, (await scanFolder(library)).artists)
    const edits = createCollection(db.prisma)
    const cure = await db.prisma.artist.findFirstOrThrow({ where: { name: 'The Cure' } })
    await edits.updateArtist(cure.id, { genres: ['gothic rock'], bio: 'Crawley band.', country: 'GB' })
    const bjork = await db.prisma.artist.findFirstOrThrow({ where: { name: 'Björk' } })
    await edits.updateArtist(bjork.id, { genres: [] })
    // The same folder again (Björk's files say "electronic"), a Discogs export, and our JSON with facts of its own.
    await mergeCollection(db.prisma, (await scanFolder(library)).artists)
    await mergeCollection(db.prisma, parseDocument('d.csv', await readFixture('discogs-collection.csv')).artists)
    const facts = { sortName: null, musicbrainzId: null, country: 'DE', genres: ['krautrock'], bio: 'Düsseldorf.', albums: [] }
    await mergeCollection(db.prisma, ['Kraftwerk', 'Björk', 'Cure'].map((name) => ({ name, ...facts })))
    const after = await db.prisma.artist.findMany({ where: { name: { in: ['The Cure', 'Björk', 'Kraftwerk'] } }, orderBy: { sortKey: 'asc' } })
    expect(after.map(({ name, genres, bio, country }) => ({ name, genres, bio, country }))).toEqual([
      // Emptied by hand: stays empty; its other facts were never edited, so the import fills them.
      { name: 'Björk', genres: [], bio: 'Düsseldorf.', country: 'DE' },
      { name: 'The Cure', genres: ['gothic rock'], bio: 'Crawley band.', country: 'GB' },
      { name: 'Kraftwerk', genres: ['electronic'], bio: 'Düsseldorf.', country: 'DE' },
    ])
  })
})

describe('tags the collection cannot take', () => {
  it('skips and reports a file whose Vorbis comments hold a NUL byte or U+FFFD, and reads the others', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'portrait-tags-'))
    try {
      // Björk's FLAC with "Björk" rewritten in place, same length: a NUL, then U+FFFD where "ö" was lost.
      const bjork = readFileSync(join(library, 'Björk/Homogenic/CD1/01 Track.flac'))
      const rewrite = (bytes: number[]) => {
        const copy = Buffer.from(bjork)
        for (let at = copy.indexOf('Björk'); at >= 0; at = copy.indexOf('Björk', at + 1)) copy.set(bytes, at)
        return copy
      }
      mkdirSync(join(dir, 'a'))
      writeFileSync(join(dir, 'a/nul.flac'), rewrite([0x42, 0x6a, 0x00, 0x00, 0x72, 0x6b]))
      writeFileSync(join(dir, 'a/lost.flac'), rewrite([0x42, 0x6a, 0xef, 0xbf, 0xbd, 0x6b]))
      copyFileSync(join(library, 'Kraftwerk/Trans-Europe Express/01 Europe Endless.mp3'), join(dir, 'a/kraftwerk.mp3'))
      const parsed = await scanFolder(dir)
      expect(parsed.problems).toEqual([
        { source: 'a/lost.flac', message: expect.stringMatching(/U\+FFFD.*file skipped/) },
        { source: 'a/nul.flac', message: expect.stringMatching(/NUL byte.*file skipped/) },
      ])
      expect(parsed.artists.map((artist) => artist.name)).toEqual(['Kraftwerk'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('a Discogs export', () => {
  it('imports the real excerpt: ragged rows, quoted inch marks, one artist per name', async () => {
    const parsed = parseDocument('collection.csv', await readFixture('discogs-bobblestiltskin.csv'))
    expect(parsed.problems).toEqual([])
    await mergeCollection(db.prisma, parsed.artists)
    expect(await collection()).toEqual([
      { name: 'Au Pairs', sortName: 'Au Pairs', mbid: null, genres: [], albums: [['Diet / Its Obvious', 1980, '021 Records', 'VINYL'], ['You', 1979, '021 Records', 'VINYL']] },
      { name: 'Barrington Levy', sortName: 'Barrington Levy', mbid: null, genres: [], albums: [['Teach The Youth: Barrington Levy & Friends At Joe Gibbs 1980+85', 2008, '17 North Parade', 'CD']] },
      { name: 'Cocoa Tea', sortName: 'Cocoa Tea', mbid: null, genres: [], albums: [['The Sweet Sound Of Cocoa Tea', 2008, '17 North Parade', 'CD']] },
      { name: 'Mantronix', sortName: 'Mantronix', mbid: null, genres: [], albums: [['Who Is It?', 1987, '10 Records', 'VINYL']] },
    ])
  })

  it('strips suffixes and name variations, keeps names with commas whole, maps formats, leaves out "Various"', async () => {
    const parsed = parseDocument('collection.csv', await readFixture('discogs-collection.csv'))
    expect(parsed.compilations).toBe(1)
    await mergeCollection(db.prisma, parsed.artists)
    expect(await collection()).toEqual([
      { name: 'Björk', sortName: 'Björk', mbid: null, genres: [], albums: [['Homogenic', null, 'One Little Indian', 'DIGITAL']] },
      { name: 'Crosby, Stills, Nash & Young', sortName: 'Crosby, Stills, Nash & Young', mbid: null, genres: [], albums: [['Déjà Vu', 1970, 'Atlantic', 'VINYL']] },
      { name: 'The Cure', sortName: 'Cure, The', mbid: null, genres: [], albums: [['Disintegration', 1989, 'Fiction Records', 'VINYL']] },
      { name: 'Nirvana', sortName: 'Nirvana', mbid: null, genres: [], albums: [['Nevermind', 1991, 'DGC', 'VINYL']] },
      { name: 'Prince', sortName: 'Prince', mbid: null, genres: [], albums: [['Sign "O" The Times', 1987, 'Paisley Park', 'VINYL']] },
      { name: 'Prince And The Revolution', sortName: 'Prince And The Revolution', mbid: null, genres: [], albums: [['Purple Rain', 1984, 'Warner Bros. Records', 'CASSETTE']] },
    ])
  })

  it('cleans suffixes and variation marks inside joined names too', () => {
    expect(cleanDiscogsName('Nirvana (2)')).toBe('Nirvana')
    expect(cleanDiscogsName('Prince*')).toBe('Prince')
    expect(cleanDiscogsName('Lee Perry (3) & The Upsetters*')).toBe('Lee Perry & The Upsetters')
    expect(cleanDiscogsName('Crosby, Stills, Nash & Young')).toBe('Crosby, Stills, Nash & Young')
    expect(cleanDiscogsName('Sunn O)))')).toBe('Sunn O)))')
  })

  it('reports rows by the line they start on, past blank lines and notes spread over several lines', () => {
    const csv = 'artist;album;year\r\n\r\nBrian Eno;"Another Green World\r\n(remaster)";1975\r\nKraft\0werk;Computerwelt;1981\r\n\r\n;Nothing;\r\n'
    const parsed = parseDocument('plain.csv', csv)
    expect(parsed.artists.map((artist) => artist.albums[0]!.title)).toEqual(['Another Green World\n(remaster)'])
    expect(parsed.problems).toEqual([
      { source: 'line 5', message: expect.stringMatching(/NUL byte.*row skipped/) },
      { source: 'line 7', message: 'No artist or no title: row skipped.' },
    ])
  })

  it('refuses a malformed file whole, with the line, before anything is written', async () => {
    const text = await readFixture('malformed.csv')
    expect(() => parseDocument('bad.csv', text)).toThrow(ImportFileError)
    expect(() => parseDocument('bad.csv', text)).toThrow(/line 2|Quote Not Closed|quote/i)
    expect(() => parseDocument('x.csv', 'Name,Rating\nA,1\n')).toThrow(/Unrecognised CSV columns/)
    expect(() => parseDocument('x.json', '{"artists": 3}')).toThrow(ImportFileError)
    // JSON allows no raw control character in a string; the person is told where it is.
    expect(() => parseDocument('x.json', '[\n {"name": "A"},\n {"name": "B\0"}\n]')).toThrow(/^Not valid JSON at line 3: /)
    expect(await db.prisma.artist.count()).toBe(0)
  })
})

describe('a file read in pieces', () => {
  it('reads every kind of file exactly as read whole, whatever the size of the pieces', async () => {
    const dir = fixture('collections')
    const inline: [string, string | Uint8Array][] = [
      ['plain.csv', 'artist;album;year\r\n\r\nBrian Eno;"Another Green World\r\n(remaster)";1975\r\nKraft\0werk;Computerwelt;1981\r\n\r\n;Nothing;\r\n'],
      ['header.csv', 'artist,album'],
      ['empty.csv', ''],
      ['bom.csv', '\uFEFFartist,album\r\nBjörk,Post\r\n'],
      ['x.csv', 'Name,Rating\nA,1\n'],
      ['x.json', '{"artists": 3}'],
      ['mangled.csv', Buffer.from('artist,album\nBj\xf6rk,Post\n', 'latin1')],
    ]
    const files = [...readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))] as const), ...inline]
    const outcome = (read: () => unknown) => {
      try {
        return read()
      } catch (error) {
        return `${(error as Error).name}: ${(error as Error).message}`
      }
    }
    const settled = (read: () => Promise<unknown>) => read().catch((error: Error) => `${error.name}: ${error.message}`)
    for (const [name, content] of files) {
      const bytes = typeof content === 'string' ? Buffer.from(content) : content
      const whole = outcome(() => parseDocument(name, bytes))
      for (const chunkBytes of [1, 2, 7, 65_536]) expect(await settled(() => readCollection(name, bytes, { chunkBytes })), `${name} in pieces of ${chunkBytes}`).toEqual(whole)
    }
    expect(await readCollection('latin1.csv', { path: join(dir, 'latin1.csv') }, { chunkBytes: 5 })).toEqual(parseDocument('latin1.csv', readFileSync(join(dir, 'latin1.csv'))))
  })
})

describe('our JSON format', () => {
  it('round-trips: export, import into an empty database, export again gives the same collection', async () => {
    await seed(db.prisma)
    await mergeCollection(db.prisma, (await scanFolder(library)).artists)
    const first = await exportCollection(db.prisma)
    const dir = tempDataDir()
    const other = await openDatabase({ dataDir: dir.dataDir })
    try {
      await other.migrate()
      const parsed = parseDocument('collection.json', JSON.stringify(first))
      const report = await mergeCollection(other.prisma, parsed.artists)
      expect(report.artistsAdded).toBe(first.artists.length)
      const second = await exportCollection(other.prisma)
      expect(second.artists).toEqual(first.artists)
      // The demo already holds most of the folder's artists: the folder completed them (Björk's MusicBrainz id).
      expect(first.artists.find((a) => a.name === 'Björk')?.musicbrainzId).toBe('87c5dedd-371d-4a53-9f7f-80522fb7f3cb')
    } finally {
      await other.close()
      dir.remove()
    }
  })
})

// Committed whole, as from the shell or on PostgreSQL; or batch by batch, as the server does on its embedded database.
describe.each([{ commitEach: false }, { commitEach: true }])('the merge (%o)', (mode) => {
  it('matches "The Beatles", "Beatles, The" and "beatles" as one artist, and albums by folded title', async () => {
    const artist = (name: string, title: string) => ({ name, sortName: null, musicbrainzId: null, genres: [], albums: [{ title, year: null, label: null, format: 'CD' as const, musicbrainzId: null }] })
    await mergeCollection(db.prisma, [artist('The Beatles', 'Abbey Road')], mode)
    const report = await mergeCollection(db.prisma, [artist('Beatles, The', 'ABBEY ROAD'), artist('beatles', 'Revolver')], mode)
    expect(report).toEqual({ artistsAdded: 0, artistsUpdated: 0, albumsAdded: 1, albumsUpdated: 0 })
    expect(await collection()).toEqual([{ name: 'The Beatles', sortName: 'Beatles, The', mbid: null, genres: [], albums: [['Abbey Road', null, null, 'CD'], ['Revolver', null, null, 'CD']] }])
  })

  it('keeps two acts of one name apart when their MusicBrainz ids differ', async () => {
    const nirvana = (musicbrainzId: string | null, title: string) => ({ name: 'Nirvana', sortName: null, musicbrainzId, genres: [], albums: [{ title, year: null, label: null, format: 'VINYL' as const, musicbrainzId: null }] })
    await mergeCollection(db.prisma, [nirvana('5b11f4ce-a62d-471e-81fc-a69a8278c7da', 'Nevermind')], mode)
    const report = await mergeCollection(db.prisma, [nirvana('9282c8b4-ca0b-4c6b-b7e3-4f7762dfc4d6', 'Local Anaesthetic'), nirvana(null, 'Bleach')], mode)
    expect(report).toMatchObject({ artistsAdded: 1, albumsAdded: 2 })
    const rows = await db.prisma.artist.findMany({ include: { albums: true }, orderBy: { createdAt: 'asc' } })
    expect(rows.map((row) => [row.musicbrainzId, row.albums.map((album) => album.title).sort()])).toEqual([
      ['5b11f4ce-a62d-471e-81fc-a69a8278c7da', ['Bleach', 'Nevermind']],
      ['9282c8b4-ca0b-4c6b-b7e3-4f7762dfc4d6', ['Local Anaesthetic']],
    ])
  })

  it('writes all or nothing: a failure mid-way leaves the collection as it was', async () => {
    await seed(db.prisma)
    const before = await db.prisma.album.count()
    const good = { name: 'Someone New', sortName: null, musicbrainzId: null, genres: [], albums: [{ title: 'First', year: 2001, label: null, format: 'CD' as const, musicbrainzId: null }] }
    // A year PostgreSQL cannot store in an integer column fails the album insert after the artists are written.
    const bad = { ...good, name: 'Someone Else', albums: [{ ...good.albums[0]!, year: 2 ** 40 }] }
    await expect(mergeCollection(db.prisma, [good, bad], mode)).rejects.toThrow()
    expect(await db.prisma.artist.count({ where: { name: { in: ['Someone New', 'Someone Else'] } } })).toBe(0)
    expect(await db.prisma.album.count()).toBe(before)
  })

  it('writes a large source in batches, reporting its progress, and a second time writes nothing', async () => {
    const albums = (n: number, year: number | null) => Array.from({ length: n }, (_, i) => ({ title: `Record ${i}`, year, label: null, format: 'CD' as const, musicbrainzId: null }))
    const source = Array.from({ length: 700 }, (_, i) => ({ name: `Band ${i}`, sortName: null, musicbrainzId: null, genres: [], albums: albums(3, null) }))
    const progress: number[] = []
    const first = await mergeCollection(db.prisma, source, { ...mode, onProgress: (report) => progress.push(report.albumsAdded) })
    expect(first).toEqual({ artistsAdded: 700, artistsUpdated: 0, albumsAdded: 2100, albumsUpdated: 0 })
    expect(progress.length).toBeGreaterThan(1)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    expect(progress.at(-1)).toBe(2100)
    expect(await db.prisma.album.count()).toBe(2100)
    const before = await db.prisma.artist.findMany({ orderBy: { id: 'asc' }, include: { albums: { orderBy: { id: 'asc' } } } })
    expect(await mergeCollection(db.prisma, source, mode)).toEqual({ artistsAdded: 0, artistsUpdated: 0, albumsAdded: 0, albumsUpdated: 0 })
    expect(await db.prisma.artist.findMany({ orderBy: { id: 'asc' }, include: { albums: { orderBy: { id: 'asc' } } } })).toEqual(before)
    // Years for every album, a country for every band, and one album more each: completed, not duplicated.
    const more = source.map((artist) => ({ ...artist, country: 'GB', albums: albums(4, 1999) }))
    expect(await mergeCollection(db.prisma, more, mode)).toEqual({ artistsAdded: 0, artistsUpdated: 700, albumsAdded: 700, albumsUpdated: 2100 })
    const band = await db.prisma.artist.findFirstOrThrow({ where: { name: 'Band 1' }, include: { albums: { orderBy: { title: 'asc' } } } })
    expect(band.country).toBe('GB')
    expect(band.albums.map((album) => [album.title, album.year])).toEqual([['Record 0', 1999], ['Record 1', 1999], ['Record 2', 1999], ['Record 3', 1999]])
    expect(band.searchText).toContain('record 3')
  })

  it('takes back every batch already written when a later one fails', async () => {
    const album = (title: string, year: number | null, label: string | null = null) => ({ title, year, label, format: 'CD' as const, musicbrainzId: null })
    const held = Array.from({ length: 300 }, (_, i) => ({ name: `Held ${i}`, sortName: null, musicbrainzId: null, genres: [], albums: [album('First', null)] }))
    await mergeCollection(db.prisma, held)
    const snapshot = async () =>
      (await db.prisma.artist.findMany({ orderBy: { name: 'asc' }, include: { albums: { orderBy: { title: 'asc' } } } })).map(({ updatedAt: _, ...artist }) => artist)
    const before = await snapshot()
    const completing = held.map((artist) => ({ ...artist, country: 'IS', formedYear: 1994, genres: ['post-rock'], musicbrainzId: `mbid-${artist.name}`, albums: [album('First', 1997, 'Bad Taste'), album('Second', 1999)] }))
    const added = Array.from({ length: 600 }, (_, i) => ({ name: `New ${i}`, sortName: null, musicbrainzId: null, genres: [], albums: [album('Only', 2001)] }))
    // A year PostgreSQL cannot store in an integer column fails the last batch, after the others were written.
    added.push({ ...added[0]!, name: 'New last', albums: [album('Only', 2 ** 40)] })
    await expect(mergeCollection(db.prisma, [...completing, ...added], mode)).rejects.toThrow(/integer|range/i)
    expect(await snapshot()).toEqual(before)
  })
})
