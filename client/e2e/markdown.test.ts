import { mkdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeModel, type FakeModel } from '../../server/test/fake-model.ts'
import { seededDataDir } from '../../server/test/tserver.ts'
import { spawnServer, type ServerProcess } from '../../server/test/tprocess.ts'
import { createMarkdown } from '../src/markdown/markdown.ts'
import { launchBrowser, offlineContext } from './browser.ts'

/**
 * A long real-world document, then our portrait of loose lists, two-paragraph items and setext
 * headings, streamed by a model through the server into the app in 7-character pieces: what the
 * reader sees while it streams is what the finished page shows, and the finished page is
 * markdown-it's render of the text. The portrait's link definitions are left out: a definition
 * rightly changes the blocks above it, which this test would take for a jump.
 */
const fixture = (name: string) => readFileSync(new URL(`../src/markdown/fixtures/${name}`, import.meta.url), 'utf8')
const article = `${fixture('streamdown-large.md')}\n${fixture('portrait-constructs.md').replace(/^\[\w+\]: .*\n/gm, '')}`
const pieces = article.match(/[\s\S]{1,7}/g)!
const md = createMarkdown()

mkdirSync(fileURLToPath(new URL('./output/', import.meta.url)), { recursive: true })

let model: FakeModel
let server: ServerProcess
let browser: Awaited<ReturnType<typeof launchBrowser>>
const cleanups: (() => unknown)[] = []

beforeAll(async () => {
  model = await startFakeModel()
  const dir = await seededDataDir()
  cleanups.push(dir.remove)
  server = await spawnServer({ DATA_DIR: dir.dataDir, LLM_BASE_URL: model.url, LLM_MODEL: 'fake-model' })
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await model?.close()
  for (const cleanup of cleanups) await cleanup()
})

/** HTML as the browser serialises it, so markdown-it's string and the page's DOM compare. */
const serialised = (page: Page, html: string) =>
  page.evaluate((source) => {
    const template = document.createElement('template')
    template.innerHTML = source
    return template.innerHTML
  }, html)
/** Opens an artist's page in a fresh offline context and presses Generate. */
async function generateFor(search: string, name: string) {
  const { context, blocked } = await offlineContext(browser.browser, server.url)
  const page = await context.newPage()
  await page.goto(`${server.url}/`)
  await page.getByLabel('Search artists').fill(search)
  // Until the results replace the first page, the link may move under the click to another artist.
  await expect.poll(() => page.locator('.artists > *').allInnerTexts()).toEqual([expect.stringContaining(name)])
  await page.getByRole('link', { name }).click()
  await page.getByRole('heading', { level: 1, name, exact: true }).waitFor()
  await page.getByRole('button', { name: 'Generate' }).click()
  return { context, page, blocked }
}

const shown = (page: Page, selector: string) => page.$$eval(selector, (blocks) => blocks.map((block) => block.innerHTML).join(''))

describe('the article on screen', () => {
  it('shows finished blocks as the whole render shows them while streaming, and ends as markdown-it renders the saved text', async () => {
    model.setDefault({ tokens: pieces, paceMs: 2 })
    const { context, page, blocked } = await generateFor('nina', 'Nina Simone')

    const whole = await serialised(page, md.render(article))
    let samples = 0
    while (samples < 40 && !(await page.locator('.article-panel .status').innerText()).includes('Finished')) {
      const finished = await shown(page, '.article-text .block:not(.tail)')
      if (finished) {
        expect(whole.startsWith(finished), `finished blocks after ${finished.length} characters`).toBe(true)
        samples++
      }
      await page.waitForTimeout(50)
    }
    expect(samples).toBeGreaterThan(5)

    await expect.poll(() => page.locator('.article-panel .status').innerText(), { timeout: 30_000 }).toContain('Finished')
    expect(await shown(page, '.article-text .block')).toBe(whole)
    const ids = await page.$$eval('.outline a', (links) => links.map((link) => link.getAttribute('href')))
    expect(ids.length).toBeGreaterThan(10)
    for (const id of ids) expect(await page.locator(id!).count(), id!).toBe(1)
    expect(blocked).toEqual([])
    await context.close()
  })
})

describe('a reasoning model', () => {
  it('shows "Thinking… N s" while the model reasons, then the answer alone', async () => {
    // DeepSeek's recorded reasoning stream, one chunk every 12 ms: about 2.5 s of thinking.
    const lines = readFileSync(new URL('../../server/test/providers/deepseek-reasoner.jsonl', import.meta.url), 'utf8').split('\n').filter(Boolean)
    model.setDefault({ replay: lines, paceMs: 12 })
    const { context, page } = await generateFor('bjork', 'Björk')
    const status = page.locator('.article-panel .status')
    await expect.poll(() => status.innerText(), { timeout: 5000 }).toMatch(/Thinking… [0-9]+ s/)
    await expect.poll(() => status.innerText(), { timeout: 5000 }).toMatch(/Thinking… [1-9][0-9]* s/)
    expect(await page.locator('.article-text').innerText()).toBe('')
    await page.screenshot({ path: fileURLToPath(new URL('./output/thinking.png', import.meta.url)) })
    await expect.poll(() => status.innerText(), { timeout: 10_000 }).toContain('Finished')
    const deltas = lines.map((line) => JSON.parse(line).choices[0]?.delta ?? {})
    const answer = deltas.map((delta) => delta.content ?? '').join('')
    const reasoning = deltas.map((delta) => delta.reasoning_content ?? '').join('')
    const shown = await page.locator('.article-text').innerText()
    expect(shown).toContain('strawberry')
    expect(shown).not.toContain(reasoning.slice(0, 40))
    const { artists } = (await (await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ artists(search: "bjork") { edges { node { article { markdown status } } } } }' }) })).json()).data
    expect(artists.edges[0].node.article).toEqual({ markdown: answer, status: 'COMPLETE' })
    await context.close()
  })
})
