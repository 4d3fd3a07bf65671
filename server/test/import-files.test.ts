import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { useTestServer } from './tserver.ts'
import { type Event, tsubscribe } from './tsubscribe.ts'

// Files as people save them: uploaded byte for byte, as a browser sends the file it was given.
const fixture = (name: string) => readFileSync(new URL(`fixtures/collections/${name}`, import.meta.url))
const token = 'import-files-token-0123456789'
const auth = { authorization: `Bearer ${token}` }
const server = useTestServer({ API_TOKENS: token }, { empty: true })

const jobFields = 'id status encoding artistsAdded artistsUpdated albumsAdded problemCount problems { source message } error { code message }'

/** Uploads a file as a GraphQL multipart request and follows the job to its report. */
async function importFile(name: string, bytes: Uint8Array): Promise<Event> {
  const body = new FormData()
  body.set('operations', JSON.stringify({ query: `mutation ($file: File!) { importFile(file: $file) { id } }`, variables: { file: null } }))
  body.set('map', JSON.stringify({ 0: ['variables.file'] }))
  body.set('0', new Blob([new Uint8Array(bytes)]), name)
  const response = await fetch(`${server().url}/graphql`, {
    method: 'POST',
    headers: { accept: 'application/graphql-response+json', 'graphql-require-preflight': '1', ...auth },
    body,
  })
  const started = (await response.json()) as { data?: { importFile: { id: string } }; errors?: unknown[] }
  expect(started.errors).toBeUndefined()
  const events = await tsubscribe(server().url, 'distinct', { id: started.data!.importFile.id }, `subscription ($id: ID!) { importProgress(id: $id) { ${jobFields} } }`, auth).done
  return events.at(-1)!
}

const names = async () => {
  const response = await fetch(`${server().url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ query: '{ artists(first: 100) { edges { node { name albums { title } } } } }' }),
  })
  const { data } = (await response.json()) as { data: { artists: { edges: { node: { name: string; albums: { title: string }[] } }[] } } }
  return data.artists.edges.map(({ node }) => node)
}

describe('files as people save them', () => {
  it('reads our export re-saved with a UTF-8 byte order mark', async () => {
    const report = await importFile('collection.json', fixture('export-utf8-bom.json'))
    expect(report).toMatchObject({ status: 'COMPLETE', encoding: 'UTF-8 with BOM', artistsAdded: 2, problemCount: 0, error: null })
  })

  it('reads a Latin-1 CSV as Windows-1252: Björk joins the Björk already there, and no name holds U+FFFD', async () => {
    const report = await importFile('collection.csv', fixture('latin1.csv'))
    expect(report).toMatchObject({ status: 'COMPLETE', encoding: 'Windows-1252', artistsAdded: 1, problemCount: 0 })
    const artists = await names()
    expect(artists.map((artist) => artist.name)).toEqual(['Björk', 'Motörhead', 'Sigur Rós'])
    // "Ágætis Byrjun" in the CSV is the export's "Ágætis byrjun": one album.
    expect(artists.find((artist) => artist.name === 'Sigur Rós')!.albums).toEqual([{ title: 'Ágætis byrjun' }])
  })

  it('reads Excel’s "Unicode text": UTF-16LE with a byte order mark, separated by tabs', async () => {
    const report = await importFile('collection.txt', fixture('excel-unicode-text.txt'))
    expect(report).toMatchObject({ status: 'COMPLETE', encoding: 'UTF-16LE', artistsAdded: 2, problemCount: 0 })
    const artists = await names()
    expect(artists.find((artist) => artist.name === '坂本龍一')?.albums).toEqual([{ title: '千のナイフ' }])
    expect(artists.map((artist) => artist.name)).toContain('Cesária Évora')
  })

  it('skips a CSV row holding a NUL byte, reports it on its line, and writes the others', async () => {
    const report = await importFile('nul.csv', fixture('nul-row.csv'))
    expect(report).toMatchObject({ status: 'COMPLETE', encoding: 'UTF-8', artistsAdded: 2, problemCount: 1 })
    expect(report.problems).toEqual([{ source: 'line 3', message: expect.stringMatching(/NUL byte.*row skipped/) }])
    const added = (await names()).map((artist) => artist.name)
    expect(added).toEqual(expect.arrayContaining(['Brian Eno', 'Nina Simone']))
    expect(added.some((name) => name.startsWith('Kraft'))).toBe(false)
  })

  it('skips a JSON entry with a NUL in its name, and an album with one in its title, each on its line', async () => {
    const report = await importFile('nul.json', fixture('nul-name.json'))
    expect(report).toMatchObject({ status: 'COMPLETE', artistsAdded: 0, albumsAdded: 0, problemCount: 2 })
    expect(report.problems).toEqual([
      { source: 'line 29', message: expect.stringMatching(/NUL byte.*album skipped/) },
      { source: 'line 39', message: expect.stringMatching(/NUL byte.*entry skipped/) },
    ])
  })

  it('never creates an artist whose name holds U+FFFD, a character lost before the file was saved', async () => {
    const report = await importFile('mangled.csv', new TextEncoder().encode('artist,album\nBj\uFFFDrk,Post\nPJ Harvey,Stories from the City\n'))
    expect(report).toMatchObject({ status: 'COMPLETE', artistsAdded: 1, problemCount: 1 })
    expect(report.problems).toEqual([{ source: 'line 2', message: expect.stringMatching(/U\+FFFD.*row skipped/) }])
    expect((await names()).some((artist) => artist.name.includes('\uFFFD'))).toBe(false)
  })
})
