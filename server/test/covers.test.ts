import { openDatabase } from '@portrait/prisma'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDataDir } from '../../prisma/test/databases.ts'
import { type AttachReport, attachCovers } from '../src/import/covers.ts'
import { parseJsonDocument } from '../src/import/document.ts'
import { exportCollection } from '../src/import/export.ts'
import { scanFolder } from '../src/import/folder.ts'
import { mergeCollection } from '../src/import/merge.ts'
import { makeCoverFolder } from './covers-fixture.ts'
import { useTestServer } from './tserver.ts'

let fixture: Awaited<ReturnType<typeof makeCoverFolder>>
let dir: ReturnType<typeof tempDataDir>
const reports: AttachReport[] = []
let exported = ''

// The collection is imported in process (scan, merge, then covers, as an import job does), then served.
beforeAll(async () => {
  fixture = await makeCoverFolder()
  dir = tempDataDir()
  const db = await openDatabase({ dataDir: dir.dataDir })
  try {
    await db.migrate()
    const scanned = await scanFolder(fixture.root)
    expect(scanned.problems).toEqual([])
    await mergeCollection(db.prisma, scanned.artists)
    reports.push(await attachCovers(db.prisma, scanned))
    // Importing the same folder again stores and changes nothing.
    reports.push(await attachCovers(db.prisma, await scanFolder(fixture.root)))
    exported = JSON.stringify(await exportCollection(db.prisma, { covers: true }))
  } finally {
    await db.close()
  }
}, 60_000)
afterAll(() => {
  fixture?.remove()
  dir?.remove()
})

const token = 'covers-test-token-0123456789'
const server = useTestServer(() => ({ DATA_DIR: dir.dataDir, API_TOKENS: token, IMPORT_ROOTS: fixture.root }), { empty: true })

interface AlbumCovers { title: string; cover: { hash: string; url: string; small: string } | null }
async function collection(url = server().url) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ artists(first: 20) { edges { node { name cover { hash } albums { title cover { hash url small: url(size: 100) } } } } } }' }),
  })
  const { data } = (await response.json()) as { data: { artists: { edges: { node: { name: string; cover: { hash: string } | null; albums: AlbumCovers[] } }[] } } }
  return data.artists.edges.map(({ node }) => node)
}

describe('album art from music folders', () => {
  it('keeps each album’s art once per content: a file beside the tracks wins over embedded art', async () => {
    const { red, blue, green } = fixture.hashes
    expect(reports).toEqual([{ albums: 3, stored: 2 }, { albums: 0, stored: 0 }])
    const artists = await collection()
    const covers = Object.fromEntries(artists.flatMap((artist) => artist.albums.map((album) => [album.title, album.cover?.hash ?? null])))
    expect(covers).toEqual({ 'Hounds of Love': red, 'The Dreaming': blue, 'Spirit of Eden': blue, 'Laughing Stock': null })
    expect(Object.values(covers)).not.toContain(green)
    // Kate Bush's two covers count once each: the newest album's wins.
    expect(artists.map(({ name, cover }) => [name, cover?.hash])).toEqual([['Kate Bush', red], ['Talk Talk', blue]])
    const hounds = artists[0]!.albums.find((album) => album.title === 'Hounds of Love')!
    expect(hounds.cover).toMatchObject({ url: `/covers/${red}?size=256`, small: `/covers/${red}?size=128` })
  })

  it('serves covers resized, as immutable WebP, with 304 on revalidation', async () => {
    const url = `${server().url}/covers/${fixture.hashes.blue}?size=128`
    const first = await fetch(url)
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toBe('image/webp')
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^"[0-9a-f]{32}-128-w1"$/)
    const image = new Uint8Array(await first.arrayBuffer())
    expect(await sharp(image).metadata()).toMatchObject({ format: 'webp', width: 128, height: 128 })

    // A second time is served from the cache of resized images, byte for byte.
    const again = await fetch(url)
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(image)

    const revalidated = await fetch(url, { headers: { 'if-none-match': etag } })
    expect(revalidated.status).toBe(304)
    expect(revalidated.headers.get('etag')).toBe(etag)
    expect(await revalidated.text()).toBe('')

    const large = await fetch(`${server().url}/covers/${fixture.hashes.blue}?size=512`)
    expect(await sharp(new Uint8Array(await large.arrayBuffer())).metadata()).toMatchObject({ width: 512, height: 512 })
    expect(large.headers.get('etag')).not.toBe(etag)
  })

  it('answers 404 for unknown covers and 400 for sizes it does not serve', async () => {
    const base = server().url
    expect((await fetch(`${base}/covers/${'0'.repeat(64)}?size=128`)).status).toBe(404)
    expect((await fetch(`${base}/covers/not-a-hash`)).status).toBe(404)
    expect((await fetch(`${base}/covers/${fixture.hashes.green}?size=128`)).status).toBe(404)
    for (const size of ['100', '99999', 'abc', '-1', '128.0']) {
      const refused = await fetch(`${base}/covers/${fixture.hashes.red}?size=${size}`)
      expect(refused.status, size).toBe(400)
      expect(refused.headers.get('cache-control')).toBe('no-store')
    }
    expect((await fetch(`${base}/covers/${fixture.hashes.red}`, { method: 'POST' })).status).toBe(405)
  })

  it('carries covers through our JSON format, exported with covers', async () => {
    const document = parseJsonDocument(exported)
    const spirit = document.artists.find((artist) => artist.name === 'Talk Talk')!.albums.find((album) => album.title === 'Spirit of Eden')!
    expect(spirit.cover?.mime).toBe('image/jpeg')
    const other = tempDataDir()
    const db = await openDatabase({ dataDir: other.dataDir })
    try {
      await db.migrate()
      await mergeCollection(db.prisma, document.artists)
      expect(await attachCovers(db.prisma, document)).toEqual({ albums: 3, stored: 2 })
      const albums = await db.prisma.album.findMany({ select: { title: true, coverHash: true }, orderBy: { title: 'asc' } })
      expect(albums.map((album) => [album.title, album.coverHash])).toEqual([
        ['Hounds of Love', fixture.hashes.red], ['Laughing Stock', null], ['Spirit of Eden', fixture.hashes.blue], ['The Dreaming', fixture.hashes.blue],
      ])
    } finally {
      await db.close()
      other.remove()
    }
  })

})

describe('an import job', () => {
  const empty = useTestServer(() => ({ API_TOKENS: token, IMPORT_ROOTS: fixture.root }), { empty: true })
  it('keeps the covers of a folder imported through the API', async () => {
    const response = await fetch(`${empty().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'mutation ($path: String!) { importFolder(path: $path) { id } }', variables: { path: fixture.root } }),
    })
    const { data } = (await response.json()) as { data: { importFolder: { id: string } } }
    for (let i = 0; i < 200; i++) {
      const job = await empty().gql<{ importJob: { status: string } }>('query ($id: ID!) { importJob(id: $id) { status } }', { id: data.importFolder.id })
      if (job.data?.importJob.status !== 'RUNNING') break
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    const covers = (await collection(empty().url)).flatMap((artist) => artist.albums.map((album) => album.cover?.hash ?? null))
    expect(covers.filter(Boolean).sort()).toEqual([fixture.hashes.blue, fixture.hashes.blue, fixture.hashes.red].sort())
  })
})
