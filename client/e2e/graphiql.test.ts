import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seededDataDir } from '../../server/test/tserver.ts'
import { spawnServer, type ServerProcess } from '../../server/test/tprocess.ts'
import { launchBrowser, offlineContext } from './browser.ts'

describe('GraphiQL', () => {
  let server: ServerProcess
  let browser: Awaited<ReturnType<typeof launchBrowser>>
  let remove: () => void
  beforeAll(async () => {
    const dir = await seededDataDir()
    remove = dir.remove
    server = await spawnServer({ DATA_DIR: dir.dataDir, OFFLINE_WRITER_TOKENS_PER_SECOND: '100' })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    remove?.()
  })

  it('loads with no network and runs a query', async () => {
    const { context, blocked } = await offlineContext(browser.browser, server.url)
    const page = await context.newPage()
    await page.goto(`${server.url}/graphql`)
    const run = page.locator('.graphiql-execute-button')
    await run.waitFor({ timeout: 30_000 })
    await run.click()
    const response = page.locator('.graphiql-response')
    await expect.poll(() => response.innerText(), { timeout: 20_000 }).toContain('totalCount')
    // The editor lays text out with non-breaking spaces.
    const text = (await response.innerText()).replace(/\s+/g, ' ')
    expect(text).toMatch(/"totalCount": \d+/)
    expect(text).toMatch(/"name": "ABBA"/)
    // The second tab holds the subscription example, with the placeholder for an id explained.
    await page.getByText('Portrait', { exact: true }).first().click()
    await expect.poll(async () => (await page.locator('.graphiql-query-editor').innerText()).replace(/\s+/g, ' ')).toContain('generateArticle(artistId: $artistId')
    expect((await page.locator('.graphiql-query-editor').innerText()).replace(/\s+/g, ' ')).toContain('PASTE-AN-ARTIST-ID in Variables below')
    await page.screenshot({ path: new URL('./output/graphiql-portrait-tab.png', import.meta.url).pathname })
    expect(blocked).toEqual([])
    await context.close()
  })

  it('streams a portrait into the result pane, offline', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ artists(search: "kraftwerk") { edges { node { id } } } }' }),
    })
    const { data } = (await response.json()) as { data: { artists: { edges: { node: { id: string } }[] } } }
    const id = data.artists.edges[0]!.node.id
    const query = `subscription { generateArticle(artistId: "${id}") { __typename ... on ArticleChunk { seq offset } ... on ArticleDone { article { status } } } }`
    const { context, blocked } = await offlineContext(browser.browser, server.url)
    const page = await context.newPage()
    await page.goto(`${server.url}/graphql?query=${encodeURIComponent(query)}`)
    const run = page.locator('.graphiql-execute-button')
    await run.waitFor({ timeout: 30_000 })
    await run.click()
    const result = page.locator('.graphiql-response')
    const text = async () => (await result.innerText()).replace(/\s+/g, ' ')
    // Events arrive one by one while the portrait is written, then the last one says it is done.
    await expect.poll(text, { timeout: 20_000 }).toMatch(/"__typename": "ArticleChunk", "seq": \d+/)
    await expect.poll(text, { timeout: 30_000 }).toMatch(/"__typename": "ArticleDone", "article": \{ "status": "COMPLETE" \}/)
    expect(blocked).toEqual([])
    await context.close()
  })
})
