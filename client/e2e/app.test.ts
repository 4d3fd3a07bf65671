import { mkdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeModel, type FakeModel } from '../../server/test/fake-model.ts'
import { seededDataDir } from '../../server/test/tserver.ts'
import { spawnServer, type ServerProcess } from '../../server/test/tprocess.ts'
import { launchBrowser, offlineContext } from './browser.ts'
import { scrollRest } from './tapp.ts'

const output = fileURLToPath(new URL('./output/', import.meta.url))
mkdirSync(output, { recursive: true })

let server: ServerProcess
let browser: Awaited<ReturnType<typeof launchBrowser>>
const cleanups: (() => unknown)[] = []

beforeAll(async () => {
  const dir = await seededDataDir()
  cleanups.push(dir.remove)
  server = await spawnServer({ DATA_DIR: dir.dataDir, OFFLINE_WRITER_TOKENS_PER_SECOND: '60' })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  for (const cleanup of cleanups) await cleanup()
})

async function openPage(url: string): Promise<Page> {
  const { context, blocked } = await offlineContext(browser.browser, new URL(url).origin)
  cleanups.unshift(async () => {
    expect(blocked).toEqual([])
    await context.close()
  })
  const page = await context.newPage()
  await page.setViewportSize({ width: 1100, height: 900 })
  return page
}

async function openArtist(page: Page, base: string, search: string, name: string) {
  await page.goto(`${base}/`)
  await page.getByLabel('Search artists').fill(search)
  await expect.poll(() => page.url()).toContain(`q=${encodeURIComponent(search)}`)
  // Until the results replace the first page, the link may move under the click to another artist.
  await expect.poll(() => page.locator('.artists > *').allInnerTexts()).toEqual([expect.stringContaining(name)])
  await page.getByRole('link', { name }).click()
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor()
}

const articleText = (page: Page) => page.locator('.article-text').innerText()
const status = (page: Page) => page.locator('.article-panel .status').innerText().catch(() => '')

async function gql<T>(query: string, variables: Record<string, unknown> = {}, base = server.url): Promise<T> {
  const response = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })
  return ((await response.json()) as { data: T }).data
}

describe('the web app, on the offline writer', () => {
  it('finds an artist, writes a portrait that grows on screen, and cancels it for real', async () => {
    const page = await openPage(server.url)
    await openArtist(page, server.url, 'bjork', 'Björk')
    expect(await page.getByText(/^Iceland · electronic/).count()).toBe(1)
    await page.locator('form.generate button[type=submit]').click()
    await expect.poll(() => status(page)).toContain('Writing')
    await expect.poll(async () => (await articleText(page)).length).toBeGreaterThan(100)
    const early = (await articleText(page)).length
    const earlyStatus = await status(page)
    await page.waitForTimeout(1000)
    expect((await articleText(page)).length).toBeGreaterThan(early)
    expect(await status(page)).not.toBe(earlyStatus)
    await page.screenshot({ path: `${output}streaming-panel.png`, fullPage: true })

    const { activeGenerations } = await gql<{ activeGenerations: { id: string }[] }>('{ activeGenerations { id } }')
    expect(activeGenerations).toHaveLength(1)
    await page.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => status(page)).toContain('Cancelled')
    const stopped = (await articleText(page)).length
    await page.waitForTimeout(800)
    expect((await articleText(page)).length).toBe(stopped)
    const { generation } = await gql<{ generation: { status: string } }>('query ($id: ID!) { generation(id: $id) { status } }', { id: activeGenerations[0]!.id })
    expect(generation.status).toBe('CANCELLED')
    expect((await gql<{ activeGenerations: unknown[] }>('{ activeGenerations { id } }')).activeGenerations).toEqual([])
  })

  it('follows the text down until the reader scrolls up, jumps back to live, and keeps Cancel in reach', async () => {
    const page = await openPage(server.url)
    await page.setViewportSize({ width: 1100, height: 500 })
    await openArtist(page, server.url, 'bowie', 'David Bowie')
    await page.locator('form.generate button[type=submit]').click()
    const scroll = () => page.evaluate(() => ({ y: scrollY, height: document.documentElement.scrollHeight, bottom: innerHeight + scrollY >= document.documentElement.scrollHeight - 60 }))
    // Following: the page scrolls down with the text.
    await expect.poll(async () => (await scroll()).y).toBeGreaterThan(400)
    await expect.poll(async () => (await scroll()).bottom).toBe(true)

    // The reader scrolls up: the page stays where they put it while the text goes on growing.
    await page.mouse.move(600, 300)
    await page.mouse.wheel(0, -300)
    const jump = page.getByRole('button', { name: 'Jump to live ↓' })
    await jump.waitFor()
    await scrollRest(page)
    const left = await scroll()
    await expect.poll(async () => (await scroll()).height).toBeGreaterThan(left.height + 100)
    expect((await scroll()).y).toBe(left.y)

    // Back to live: at the end again, and following.
    await jump.click()
    await expect.poll(async () => (await scroll()).bottom).toBe(true)
    await jump.waitFor({ state: 'hidden' })
    const back = await scroll()
    await expect.poll(async () => (await scroll()).y).toBeGreaterThan(back.y)

    // Far down the article, Cancel is still on screen and works.
    await page.screenshot({ path: `${output}following.png` })
    const cancel = page.getByRole('button', { name: 'Cancel' })
    const box = (await cancel.boundingBox())!
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.y + box.height).toBeLessThanOrEqual(500)
    await cancel.click()
    await expect.poll(() => status(page)).toContain('Cancelled')
  })

  it('continues without a gap or a duplicate after a reload mid-stream, then shows the saved portrait at once', async () => {
    const page = await openPage(server.url)
    // The app checks the text it received against the saved article's length and hash, and says so
    // when they differ (before showing the saved text): any such message is a gap or a duplicate.
    const mismatches: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' && message.text().includes('differs from the saved article')) mismatches.push(message.text())
    })
    await openArtist(page, server.url, 'miles', 'Miles Davis')
    await page.locator('form.generate button[type=submit]').click()
    await expect.poll(async () => (await articleText(page)).length).toBeGreaterThan(200)
    await page.reload()
    await expect.poll(() => status(page), { timeout: 30_000 }).toContain('Finished')
    const text = await articleText(page)
    const { artists } = await gql<{ artists: { edges: { node: { article: { markdown: string; status: string } } }[] } }>(
      '{ artists(search: "miles davis") { edges { node { article { markdown status } } } } }',
    )
    expect(artists.edges[0]!.node.article.status).toBe('COMPLETE')
    // One article, each section once: nothing replayed twice, nothing missing.
    const headings = await page.locator('.article-text :is(h1, h2, h3)').allInnerTexts()
    const expected = artists.edges[0]!.node.article.markdown.match(/^#{1,3} .+$/gm)!.map((line) => line.replace(/^#+ /, '').replace(/\\/g, ''))
    expect(headings).toEqual(expected)
    expect(new Set(headings).size).toBe(headings.length)
    expect(text).toContain('Bitches Brew')
    expect(mismatches).toEqual([])

    // The address names the portrait: reloaded, it is the saved one, at once.
    expect(page.url()).toMatch(/\/portraits\/[0-9a-f-]{36}$/)
    await page.reload()
    await expect.poll(() => page.locator('.summary').innerText(), { timeout: 5_000 }).toContain('Complete')
    expect(await articleText(page)).toContain('Where to start')
    await page.screenshot({ path: `${output}saved-portrait.png` })
  })
})

describe('the web app, when the model fails', () => {
  let model: FakeModel
  let failing: ServerProcess
  beforeAll(async () => {
    model = await startFakeModel()
    const dir = await seededDataDir()
    cleanups.push(dir.remove)
    failing = await spawnServer({ DATA_DIR: dir.dataDir, LLM_BASE_URL: model.url, LLM_MODEL: 'fake-model', LLM_MAX_RETRIES: '0' })
  })
  afterAll(async () => {
    await failing?.stop()
    await model?.close()
  })

  it('shows the error with its message and a Retry that works', async () => {
    model.script({ status: 503 })
    model.setDefault({ tokens: 30, paceMs: 5 })
    const page = await openPage(failing.url)
    await openArtist(page, failing.url, 'nina', 'Nina Simone')
    await page.locator('form.generate button[type=submit]').click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    expect(await alert.innerText()).toContain('The model provider failed (HTTP 503)')
    await page.screenshot({ path: `${output}error.png` })
    await alert.getByRole('button', { name: 'Retry' }).click()
    await expect.poll(() => status(page)).toContain('Finished')
    expect(await articleText(page)).toContain('word29')
  })
})

describe('the web app, on a server that needs a token to write', () => {
  let guarded: ServerProcess
  const token = 'e2e-token-abcdefghijklmnop'
  beforeAll(async () => {
    const dir = await seededDataDir()
    cleanups.push(dir.remove)
    guarded = await spawnServer({ DATA_DIR: dir.dataDir, API_TOKENS: token, OFFLINE_WRITER_TOKENS_PER_SECOND: '200' })
  })
  afterAll(() => guarded?.stop())

  it('asks for the token, says when it is refused, and writes once it is right', async () => {
    const page = await openPage(guarded.url)
    await openArtist(page, guarded.url, 'kraftwerk', 'Kraftwerk')
    await page.locator('form.generate button[type=submit]').click()
    const prompt = page.locator('.token-prompt')
    await prompt.waitFor()
    expect(await prompt.innerText()).toContain('needs an access token')

    await prompt.getByLabel('Access token').fill('wrong-token-0123456789')
    await prompt.getByRole('button', { name: 'Use token' }).click()
    await expect.poll(() => prompt.innerText()).toContain('The token was refused')

    await prompt.getByLabel('Access token').fill(token)
    await prompt.getByRole('button', { name: 'Use token' }).click()
    await expect.poll(() => status(page), { timeout: 20_000 }).toContain('Finished')
    expect(await articleText(page)).toContain('Kraftwerk: a portrait')
  })
})

describe('the web app, behind a proxy that blocks event streams', () => {
  it('falls back to polling, says so, and still shows the whole portrait', async () => {
    const page = await openPage(server.url)
    // Every event-stream request fails, as behind a proxy that refuses them.
    await page.route('**/graphql/stream', (route) => route.abort())
    await openArtist(page, server.url, 'portishead', 'Portishead')
    await page.locator('form.generate button[type=submit]').click()
    await page.getByText('following the text by polling').waitFor({ timeout: 15_000 })
    await expect.poll(() => status(page), { timeout: 30_000 }).toContain('Finished')
    const text = await articleText(page)
    expect(text).toContain('Portishead: a portrait')
    expect(text).toContain('Where to start')
    const headings = await page.locator('.article-text :is(h1, h2, h3)').allInnerTexts()
    expect(new Set(headings).size).toBe(headings.length)
  })
})
