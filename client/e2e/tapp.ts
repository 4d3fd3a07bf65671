import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContextOptions, Download, Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { startFakeModel, type FakeModel } from '../../server/test/fake-model.ts'
import { seededDataDir } from '../../server/test/tserver.ts'
import { spawnServer, type ServerProcess } from '../../server/test/tprocess.ts'
import { launchBrowser, offlineContext } from './browser.ts'

/** Where the browser tests leave their screenshots (not committed). */
export const output = fileURLToPath(new URL('./output/', import.meta.url))
mkdirSync(output, { recursive: true })

/** Saves a full-page screenshot of the state a test reached, named after it. */
export const shot = (page: Page, name: string) => page.screenshot({ path: `${output}${name}.png`, fullPage: true })

/**
 * A page in a context cut off from everything but the server (or the origins given), with what it
 * tried to reach elsewhere checked by `close()`; its errors are collected, since a thrown error is a bug.
 */
export async function openPage(browser: Browser, origin: string | readonly string[], options: BrowserContextOptions = {}) {
  const { context, blocked } = await offlineContext(browser, origin, options)
  const errors: string[] = []
  const page = await context.newPage()
  page.on('pageerror', (error) => errors.push(error.message))
  if (!options.viewport) await page.setViewportSize({ width: 1100, height: 900 })
  return {
    page,
    context,
    errors,
    async close() {
      expect(blocked).toEqual([])
      expect(errors).toEqual([])
      await context.close()
    },
  }
}

/** A real long document (see ../src/markdown/fixtures/README.md), as a model streaming it one word a piece sends it. */
export const realArticle = readFileSync(new URL('../src/markdown/fixtures/streamdown-large.md', import.meta.url), 'utf8')
export const realPieces = realArticle.match(/\S+\s*/g)!

/** The fake OpenAI-compatible model, listening for one test file. */
export function useModel(): () => FakeModel {
  let model: FakeModel | undefined
  beforeAll(async () => {
    model = await startFakeModel()
  })
  afterAll(() => model?.close())
  return () => model!
}

/**
 * The server in its own process over a fresh copy of the demo collection, for one test file:
 * `env` is read when it starts (after the hooks registered before this one, a fake model's say).
 */
export function useServer(env: Record<string, string> | (() => Record<string, string>) = {}): () => ServerProcess {
  let server: ServerProcess | undefined
  let remove = () => {}
  beforeAll(async () => {
    const dir = await seededDataDir()
    remove = dir.remove
    server = await spawnServer({ DATA_DIR: dir.dataDir, ...(typeof env === 'function' ? env() : env) })
  })
  afterAll(async () => {
    await server?.stop()
    remove()
  })
  return () => server!
}

/**
 * Chromium for one test file, and its pages: each in a context of its own, cut off from all but
 * the server, closed (and checked for stray requests and page errors) when the file ends.
 */
export function useBrowser() {
  let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined
  const closes: (() => Promise<void>)[] = []
  beforeAll(async () => {
    browser = await launchBrowser()
  })
  afterAll(async () => {
    for (const close of closes.reverse()) await close()
    await browser?.close()
  })
  return async function page(base: string, options: BrowserContextOptions = {}): Promise<Page> {
    const opened = await openPage(browser!.browser, base, options)
    closes.push(opened.close)
    return opened.page
  }
}

/** Finds an artist by search, as a reader would, and opens their page. */
export async function openArtist(page: Page, base: string, search: string, name: string) {
  await page.goto(`${base}/`)
  await page.getByLabel('Search artists').fill(search)
  await expect.poll(() => page.url()).toContain(`q=${encodeURIComponent(search)}`)
  // Until the results replace the first page, the link may move under the click to another artist.
  await expect.poll(() => page.locator('.artists > *').allInnerTexts()).toEqual([expect.stringContaining(name)])
  await page.getByRole('link', { name, exact: true }).click()
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor()
}

/**
 * Waits until the page stops scrolling: a wheel scrolls smoothly, and a loaded machine draws it
 * slowly, so the reader's place is where the scroll comes to rest.
 */
export async function scrollRest(page: Page): Promise<number> {
  let y = await page.evaluate(() => window.scrollY)
  for (;;) {
    await page.waitForTimeout(200)
    const now = await page.evaluate(() => window.scrollY)
    if (now === y) return y
    y = now
  }
}

/** The visible status line of the portrait being streamed (not the live region, which is quiet). */
export const statusLine = (page: Page) => page.locator('.article-panel .status').innerText().catch(() => '')
export const articleText = (page: Page) => page.locator('.article-text').innerText()
/** Generate, or Regenerate when a finished portrait with these options is on screen. */
export const writeButton = (page: Page) => page.locator('form.generate button[type=submit]')

/** What Download .md gives, byte for byte. */
export async function downloaded(page: Page): Promise<string> {
  const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^(Download \.md|Télécharger \.md)$/ }).click()])
  const chunks: Buffer[] = []
  for await (const chunk of (await download.createReadStream())!) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/** What Copy puts on the clipboard (the context must grant clipboard access). */
export async function copied(page: Page): Promise<string> {
  await page.getByRole('button', { name: /^(Copy|Copier)$/ }).click()
  // The button says so once the clipboard has taken the text.
  await page.getByRole('button', { name: /^(Copied|Copié)$/ }).waitFor()
  return page.evaluate(() => navigator.clipboard.readText())
}

export async function gql<T>(base: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })
  const body = (await response.json()) as { data: T; errors?: unknown }
  if (body.errors) throw new Error(JSON.stringify(body.errors))
  return body.data
}

export interface SavedPortrait {
  id: string
  status: string
  markdown: string
  language: string
  length: string
  wordCount: number
  timings: { durationMs: number | null }
}

/** An artist's portraits as the server holds them, newest first. */
export async function portraitsOf(base: string, artistName: string): Promise<SavedPortrait[]> {
  const { artists } = await gql<{ artists: { edges: { node: { portraits: SavedPortrait[] } }[] } }>(
    base,
    'query ($s: String) { artists(search: $s, first: 1) { edges { node { portraits { id status markdown language length wordCount timings { durationMs } } } } } }',
    { s: artistName },
  )
  return artists.edges[0]!.node.portraits
}

const require = createRequire(import.meta.url)
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/**
 * Runs axe-core (WCAG 2.0–2.2 A and AA, and its best practices) on the page as it stands, and
 * returns each violation with the elements it found, so a failure says what to fix.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated as devtools would: the app's Content-Security-Policy forbids inline scripts, rightly.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })
    return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`)
  })
  return violations
}
