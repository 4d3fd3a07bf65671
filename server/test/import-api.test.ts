import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { useTestServer } from './tserver.ts'
import { type Event, sseModes, tsubscribe } from './tsubscribe.ts'

const fixtures = fileURLToPath(new URL('fixtures/', import.meta.url))
const collectionFile = (name: string) => readFileSync(join(fixtures, 'collections', name), 'utf8')
const token = 'import-test-token-0123456789'
const auth = { authorization: `Bearer ${token}` }

// A folder the server may import from: the tagged fixtures sixty times over, so a scan lasts
// long enough to report progress on the way.
const root = mkdtempSync(join(tmpdir(), 'portrait-import-'))
for (let i = 0; i < 60; i++) cpSync(join(fixtures, 'music/library'), join(root, 'library', `copy-${i}`), { recursive: true })
afterAll(() => rmSync(root, { recursive: true, force: true }))

const server = useTestServer({ API_TOKENS: token, IMPORT_ROOTS: root, IMPORT_MAX_BYTES: '4096' }, { empty: true })

const jobFields = 'id status phase filesTotal filesRead artistsAdded artistsUpdated albumsAdded albumsUpdated compilations problemCount problems { source message } error { code message }'
const progress = `subscription Progress($id: ID!) { importProgress(id: $id) { ${jobFields} } }`

/** A GraphQL multipart request, as urql and Apollo send one. */
async function upload(name: string, text: string, headers: Record<string, string> = { ...auth, 'graphql-require-preflight': '1' }) {
  const body = new FormData()
  body.set('operations', JSON.stringify({ query: `mutation ($file: File!) { importFile(file: $file) { ${jobFields} } }`, variables: { file: null } }))
  body.set('map', JSON.stringify({ 0: ['variables.file'] }))
  body.set('0', new Blob([text], { type: 'text/csv' }), name)
  const response = await fetch(`${server().url}/graphql`, { method: 'POST', headers: { accept: 'application/graphql-response+json', ...headers }, body })
  return { status: response.status, body: (await response.json()) as { data?: { importFile: Event } | null; errors?: { message: string; extensions?: { code?: string } }[] } }
}

async function gql<T = Record<string, Event>>(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${server().url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...auth },
    body: JSON.stringify({ query, variables }),
  })
  return (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string; field?: string } }[] }
}

const names = async (search = '') =>
  ((await gql<{ artists: { edges: { node: { name: string } }[] } }>('query ($s: String) { artists(first: 100, search: $s) { edges { node { name } } } }', { s: search })).data!.artists.edges).map((edge) => edge.node.name)

describe('importing through the API', () => {
  it('refuses uploads without a token, without the preflight header, too large, or malformed, and writes nothing', async () => {
    const csv = collectionFile('discogs-collection.csv')
    const anonymous = await upload('c.csv', csv, { 'graphql-require-preflight': '1' })
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
    // A cross-site form could send this one without asking: refused before parsing.
    const simple = await upload('c.csv', csv, auth)
    expect(simple.status).toBe(400)
    const large = await upload('c.csv', csv + 'x'.repeat(5000))
    expect(large.status).toBe(413)
    expect(large.body.errors?.[0]?.extensions?.code).toBe('REQUEST_ENTITY_TOO_LARGE')
    const malformed = await upload('bad.csv', collectionFile('malformed.csv'))
    expect(malformed.status).toBe(200)
    expect(malformed.body.errors?.[0]?.extensions?.code).toBe('INVALID_IMPORT_FILE')
    expect(malformed.body.errors?.[0]?.message).toMatch(/^bad\.csv: .*line/)
    expect(await names()).toEqual([])
  })

  it('files accented names where a reader expects them', async () => {
    const { body } = await upload('plain.csv', collectionFile('plain.csv'))
    expect(body.data?.importFile.id).toBeTruthy()
    await tsubscribe(server().url, 'distinct', { id: body.data!.importFile.id }, progress, auth).done
    expect(await names()).toEqual(['Brian Eno', 'Cesária Évora', 'Yellow'])
  })

  it.each(sseModes)('streams an upload’s progress to its report (%s)', async (mode) => {
    const { body } = await upload('discogs.csv', collectionFile('discogs-collection.csv'))
    const events = await tsubscribe(server().url, mode, { id: body.data!.importFile.id }, progress, auth).done
    const last = events.at(-1)!
    expect(last).toMatchObject({ status: 'COMPLETE', phase: 'DONE', filesTotal: 8, compilations: 1, error: null })
    // The first run added the artists; the second mode's run of the same file finds them all there.
    expect(last.artistsAdded + last.albumsAdded === 0 || (last.artistsAdded === 6 && last.albumsAdded === 6)).toBe(true)
    // A finished job still answers, with its report alone.
    const again = await tsubscribe(server().url, mode, { id: last.id }, progress, auth).done
    expect(again).toEqual([last])
  })

  it.each(sseModes)('streams a folder scan file by file (%s)', async (mode) => {
    const started = await gql('mutation ($p: String!) { importFolder(path: $p) { id } }', { p: join(root, 'library') })
    const events = await tsubscribe(server().url, mode, { id: started.data!.importFolder!.id }, progress, auth).done
    const reading = events.filter((event) => event.phase === 'READING')
    expect(reading.some((event) => event.filesRead > 0 && event.filesRead < event.filesTotal)).toBe(true)
    expect(events.map((event) => event.filesRead)).toEqual(events.map((event) => event.filesRead).sort((a, b) => a - b))
    expect(events.at(-1)).toMatchObject({ status: 'COMPLETE', filesTotal: 720, filesRead: 720, compilations: 1, problemCount: 180 })
    expect(events.at(-1)!.problems).toHaveLength(180)
  })

  it('finds an artist by an album title, and lists a folder’s artists once however many copies it holds', async () => {
    expect(await names('abbey road')).toEqual([])
    expect(await names('homogenic')).toEqual(['Björk'])
    expect(await names('TRANS-EUROPE')).toEqual(['Kraftwerk'])
    expect((await names()).filter((name) => name.includes('Cure'))).toEqual(['The Cure'])
  })

  it('refuses folders outside IMPORT_ROOTS, and missing ones, with typed errors', async () => {
    const outside = await gql('mutation ($p: String!) { importFolder(path: $p) { id } }', { p: join(fixtures, 'music/library') })
    expect(outside.errors?.[0]?.extensions?.code).toBe('IMPORT_PATH_NOT_ALLOWED')
    const escape = await gql('mutation ($p: String!) { importFolder(path: $p) { id } }', { p: join(root, '..', '..', 'etc') })
    expect(escape.errors?.[0]?.extensions?.code).toMatch(/IMPORT_PATH_NOT_(ALLOWED|FOUND)/)
    const missing = await gql('mutation ($p: String!) { importFolder(path: $p) { id } }', { p: join(root, 'nope') })
    expect(missing.errors?.[0]?.extensions?.code).toBe('IMPORT_PATH_NOT_FOUND')
    const unknown = await gql('{ importJob(id: "00000000-0000-4000-8000-000000000000") { id } }')
    expect(unknown.data).toEqual({ importJob: null })
  })

  it('edits by hand with typed errors, and exports what it holds', async () => {
    const created = await gql('mutation { createArtist(input: { name: "Sigur Rós", country: "is", genres: ["Post-Rock"] }) { id sortName country genres } }')
    expect(created.data!.createArtist).toMatchObject({ sortName: 'Sigur Rós', country: 'IS', genres: ['post-rock'] })
    const id = created.data!.createArtist!.id
    const duplicate = await gql('mutation { createArtist(input: { name: "sigur ros" }) { id } }')
    expect(duplicate.errors?.[0]?.extensions?.code).toBe('ARTIST_EXISTS')
    const bad = await gql('mutation ($id: ID!) { updateArtist(id: $id, input: { country: "Iceland" }) { id } }', { id })
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'country' })
    const album = await gql('mutation ($id: ID!) { addAlbum(artistId: $id, input: { title: "Ágætis byrjun", year: 1999, format: CD }) { id title } }', { id })
    expect(album.data!.addAlbum!.title).toBe('Ágætis byrjun')
    const again = await gql('mutation ($id: ID!) { addAlbum(artistId: $id, input: { title: "agaetis byrjun" }) { id } }', { id })
    expect(again.errors?.[0]?.extensions?.code).toBe('ALBUM_EXISTS')
    const orphan = await gql('mutation { addAlbum(artistId: "00000000-0000-4000-8000-000000000000", input: { title: "X" }) { id } }')
    expect(orphan.errors?.[0]?.extensions?.code).toBe('ARTIST_NOT_FOUND')
    expect(await names('agaetis')).toEqual(['Sigur Rós'])
    const exported = JSON.parse((await gql<{ exportCollection: string }>('{ exportCollection }')).data!.exportCollection)
    expect(exported.format).toBe('portrait-collection')
    expect(exported.artists.map((artist: { name: string }) => artist.name)).toEqual(await names())
    expect((await gql('mutation ($id: ID!) { deleteArtist(id: $id) }', { id })).data).toEqual({ deleteArtist: true })
    expect((await gql('mutation ($id: ID!) { deleteArtist(id: $id) }', { id })).data).toEqual({ deleteArtist: false })
    expect(await names('sigur')).toEqual([])
  })

  it('loads the demo collection into what is there, merging the artists both hold', async () => {
    const before = (await names()).length
    const started = await gql('mutation { loadDemoCollection { id } }')
    const [report] = (await tsubscribe(server().url, 'distinct', { id: started.data!.loadDemoCollection!.id }, progress, auth).done).slice(-1)
    expect(report).toMatchObject({ status: 'COMPLETE' })
    const total = (await gql<{ artists: { totalCount: number } }>('{ artists { totalCount } }')).data!.artists.totalCount
    expect(total).toBe(before + report!.artistsAdded)
    expect(report!.artistsAdded).toBeLessThan(78)
    expect(await names('abbey road')).toEqual(['The Beatles'])
  })
})
