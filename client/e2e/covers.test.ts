import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importFolderInto, makeCoverFolder } from '../../server/test/covers-fixture.ts'
import { spawnServer, type ServerProcess } from '../../server/test/tprocess.ts'
import { seededDataDir } from '../../server/test/tserver.ts'
import { shot, useBrowser } from './tapp.ts'

// The demo collection and a music folder with art (see ../../server/test/covers-fixture.ts), imported
// as an import job does (scan, merge, then covers), then served by the server in its own process.
let server: ServerProcess
let fixture: Awaited<ReturnType<typeof makeCoverFolder>>
let remove = () => {}
beforeAll(async () => {
  fixture = await makeCoverFolder()
  const dir = await seededDataDir()
  remove = dir.remove
  await importFolderInto(dir.dataDir, fixture.root)
  server = await spawnServer({ DATA_DIR: dir.dataDir })
}, 120_000)
afterAll(async () => {
  await server?.stop()
  remove()
  fixture?.remove()
})
const openTab = useBrowser()

async function albumIds(): Promise<Record<string, string>> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ artists(first: 5, search: "talk talk") { edges { node { albums { id title } } } } kate: artists(first: 5, search: "kate bush") { edges { node { albums { id title } } } } }' }),
  })
  const { data } = (await response.json()) as { data: Record<string, { edges: { node: { albums: { id: string; title: string }[] } }[] }> }
  return Object.fromEntries(Object.values(data).flatMap((page) => page.edges.flatMap(({ node }) => node.albums.map((album) => [album.title, album.id]))))
}

describe('album covers in the app', () => {
  it('shows an album’s art, sized and described, and a drawn placeholder for an album without any', async () => {
    const ids = await albumIds()
    const page = await openTab(server.url)
    await page.goto(`${server.url}/albums/${ids['Hounds of Love']}`)
    await page.getByRole('heading', { level: 1, name: 'Hounds of Love' }).waitFor()
    const cover = page.getByRole('img', { name: 'Cover of Hounds of Love' })
    await expect.poll(() => cover.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThanOrEqual(256)
    expect(await cover.evaluate((img: HTMLImageElement) => [img.tagName, img.getAttribute('width'), img.getAttribute('height'), new URL(img.currentSrc).pathname])).toEqual(['IMG', '256', '256', `/covers/${fixture.hashes.red}`])
    await shot(page, 'covers-album')

    await page.goto(`${server.url}/albums/${ids['Laughing Stock']}`)
    await page.getByRole('heading', { level: 1, name: 'Laughing Stock' }).waitFor()
    const placeholder = page.getByRole('img', { name: 'Cover of Laughing Stock' })
    expect(await placeholder.evaluate((el) => [el.tagName.toLowerCase(), el.textContent?.trim()])).toEqual(['svg', 'LS'])
    await shot(page, 'covers-placeholder')
  }, 120_000)

  it('falls back to the placeholder, never a broken image, when a cover fails to load', async () => {
    const ids = await albumIds()
    const page = await openTab(server.url)
    await page.route('**/covers/**', (route) => route.fulfill({ status: 503, body: '' }))
    await page.goto(`${server.url}/albums/${ids['Spirit of Eden']}`)
    await page.getByRole('heading', { level: 1, name: 'Spirit of Eden' }).waitFor()
    const cover = page.getByRole('img', { name: 'Cover of Spirit of Eden' })
    await expect.poll(() => cover.evaluate((el) => el.tagName.toLowerCase())).toBe('svg')
    expect(await page.locator('img').count()).toBe(0)
    await shot(page, 'covers-failed')
  }, 120_000)
})
