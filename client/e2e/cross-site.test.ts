import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser } from './browser.ts'
import { gql, openArtist, openPage, portraitsOf, statusLine, useModel, useServer, writeButton } from './tapp.ts'

/**
 * Another site the collector visits while Portrait runs: its pages make the browser send what
 * needs no permission (form posts, `text/plain` bodies, images, event sources) to the server. The
 * server is addressed as http://127.0.0.1:<port> and the other site as http://localhost:<port>:
 * two sites, as a browser counts them. Nothing it sends may create, write or call the model.
 */
const model = useModel()
const server = useServer(() => ({ LLM_BASE_URL: model().url, LLM_MODEL: 'fake-model' }))

/** Every request the other site received, as `METHOD path`. */
const hits: string[] = []
let site: Server
let siteUrl = ''
let browser: Awaited<ReturnType<typeof launchBrowser>>

/** A 1×1 transparent GIF. */
const pixel = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')
const html = (body: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Another site</title></head><body>${body}</body></html>`

/**
 * The other site's pages: `/form` posts a form with `query` to the server's /graphql as soon as it
 * loads; `/attack` sends the rest, then sets `window.finished`.
 */
function sitePage(url: URL): string | null {
  const target = url.searchParams.get('target') ?? ''
  if (url.pathname === '/form') {
    const query = url.searchParams.get('query') ?? ''
    const escaped = query.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')
    return html(
      `<form method="POST" enctype="application/x-www-form-urlencoded" action="${target}/graphql"><input type="hidden" name="query" value="${escaped}"></form>` +
        '<script>document.forms[0].submit()</script>',
    )
  }
  if (url.pathname === '/attack') {
    const config = JSON.stringify({ target, bodies: url.searchParams.getAll('body'), get: url.searchParams.get('get') })
    return html(`<script>
      const { target, bodies, get } = ${config.replace(/</g, '\\u003c')}
      window.report = { fetches: [], image: null, eventSource: { opened: 0, errors: 0 } }
      async function run() {
        for (const body of bodies) {
          // A POST any page may send: text/plain, no preflight; the answer is hidden from the page.
          await fetch(target + '/graphql', { mode: 'no-cors', method: 'POST', body }).then(
            (response) => window.report.fetches.push(response.type),
            (error) => window.report.fetches.push(String(error)),
          )
        }
        window.report.image = await new Promise((resolve) => {
          const image = new Image()
          image.onload = () => resolve('load')
          image.onerror = () => resolve('error')
          image.src = target + get
        })
        // Left open as a page would leave it: a native EventSource reconnects when a stream ends.
        const source = new EventSource(target + get)
        source.onopen = () => window.report.eventSource.opened++
        source.onerror = () => window.report.eventSource.errors++
        await new Promise((resolve) => setTimeout(resolve, 5000))
        window.report.eventSource.readyState = source.readyState
        source.close()
        window.finished = true
      }
      run()
    </script>`)
  }
  return null
}

beforeAll(async () => {
  site = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`)
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (url.pathname === '/pixel.gif') {
      res.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' })
      res.end(pixel)
      return
    }
    const page = sitePage(url)
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
    res.end(page ?? '')
    req.resume()
  })
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  siteUrl = `http://localhost:${(site.address() as AddressInfo).port}`
  browser = await launchBrowser()
})
afterAll(async () => {
  await browser?.close()
  site?.closeAllConnections()
  await new Promise((resolve) => site?.close(resolve))
})

interface Connection {
  artists: { totalCount: number; edges: { node: { id: string; name: string } }[] }
}
const count = async (base: string, search?: string) => (await gql<Connection>(base, 'query ($s: String) { artists(search: $s, first: 100) { totalCount edges { node { id name } } } }', { s: search })).artists

/**
 * What the server answered to each API request the page sent, read from the browser's own network
 * log: answers the page may not read (opaque, blocked by ORB or CORS) have their status there too.
 */
async function apiAnswers(context: BrowserContext, page: Page, base: string) {
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  const sent = new Map<string, { method: string; url: string }>()
  const statuses = new Map<string, number>()
  cdp.on('Network.requestWillBeSent', ({ requestId, request }) => {
    if (request.url.startsWith(`${base}/graphql`)) sent.set(requestId, { method: request.method, url: request.url })
  })
  cdp.on('Network.responseReceivedExtraInfo', ({ requestId, statusCode }) => statuses.set(requestId, statusCode))
  return () => [...sent].map(([id, request]) => ({ ...request, status: statuses.get(id) ?? null }))
}

describe('pages of other sites', () => {
  it('can neither change the collection nor start a generation through the browser; the server carries on', async () => {
    const base = server().url
    expect(new URL(base).hostname).toBe('127.0.0.1')
    const before = await count(base)
    const target = before.edges.find((edge) => edge.node.name === 'Kraftwerk')!.node
    const modelCalls = model().requests.length
    const create = 'mutation { createArtist(input: { name: "Planted By Another Site" }) { id } }'
    const generate = `subscription { generateArticle(artistId: "${target.id}", regenerate: true) { __typename } }`

    const opened = await openPage(browser.browser, [`${siteUrl}/`, `${base}/`])
    const answers = await apiAnswers(opened.context, opened.page, base)

    // (a) A form posted to the API: the one body type yoga would parse from any page.
    for (const query of [create, generate]) {
      const answered = opened.page.waitForResponse((response) => response.url() === `${base}/graphql` && response.request().method() === 'POST')
      await opened.page.goto(`${siteUrl}/form?${new URLSearchParams({ target: base, query })}`)
      await answered
    }

    // (b) text/plain POSTs, (c) an image and (d) an EventSource pointed at a subscription.
    const get = `/graphql?${new URLSearchParams({ query: `subscription{generateArticle(artistId:"${target.id}",regenerate:true){__typename}}` })}`
    const bodies = [create, generate].map((query) => JSON.stringify({ query }))
    const params = new URLSearchParams({ target: base, get })
    for (const body of bodies) params.append('body', body)
    await opened.page.goto(`${siteUrl}/attack?${params}`)
    await opened.page.waitForFunction(() => (window as unknown as { finished?: boolean }).finished === true, undefined, { timeout: 30_000 })
    const report = await opened.page.evaluate(() => (window as unknown as { report: unknown }).report)
    expect(report).toMatchObject({ fetches: ['opaque', 'opaque'], image: 'error', eventSource: { opened: 0 } })

    // Each of them reached the server, and each was refused on its headers.
    const posts = answers().filter((answer) => answer.method === 'POST')
    const gets = answers().filter((answer) => answer.method === 'GET')
    expect(posts.map((answer) => answer.url)).toEqual(Array(4).fill(`${base}/graphql`))
    expect(gets.length).toBeGreaterThanOrEqual(2)
    for (const answer of gets) expect(answer.url).toBe(`${base}${get}`)
    expect(answers().map((answer) => answer.status)).toEqual(answers().map(() => 403))
    await opened.close()

    // Nothing was created, nothing was written, the model was never called.
    expect((await count(base)).totalCount).toBe(before.totalCount)
    expect((await count(base, 'Planted By Another Site')).totalCount).toBe(0)
    expect(await portraitsOf(base, 'Kraftwerk')).toEqual([])
    expect(model().requests).toHaveLength(modelCalls)

    // The server is well, and still answers its own clients.
    const health = await fetch(`${base}/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ ok: true })
    expect((await count(base, 'kraftwerk')).edges.map((edge) => edge.node.name)).toEqual(['Kraftwerk'])
  })

  it('leaves the web app working in the same browser, its pages under a content security policy', async () => {
    const base = server().url
    const opened = await openPage(browser.browser, `${base}/`)
    const response = await opened.page.goto(`${base}/`)
    expect(response!.status()).toBe(200)
    const policy = response!.headers()['content-security-policy'] ?? ''
    expect(policy).toContain("default-src 'self'")
    expect(policy).toMatch(/img-src 'self'[^;]*;/)
    const [first] = (await count(base)).edges
    await expect.poll(() => opened.page.locator('.artists > *').count()).toBeGreaterThan(5)
    expect(await opened.page.locator('.artists > *').first().innerText()).toContain(first!.node.name)
    await opened.close()
  })
})

describe('a remote image in a portrait', () => {
  it('makes the browser request nothing from its site, while streaming, when finished, or after a reload', async () => {
    const base = server().url
    const pixelUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/pixel.gif`
    const text = [
      '## Early years\n\n',
      'A first paragraph about the band and where it began. ',
      `![x](${pixelUrl})\n\n`,
      'Text after the picture, ',
      ...Array.from({ length: 150 }, (_, i) => `word${i} `),
      '\n\nThe end of the portrait.\n',
    ]
    model().setDefault({ tokens: text, paceMs: 20 })
    const hitsBefore = hits.length
    const sinceStart = () => hits.slice(hitsBefore)
    const imagesSettled = (page: Page) => page.$$eval('.article-text img', (images) => images.every((image) => (image as HTMLImageElement).complete))

    // The other site's origin is reachable, so that whatever the page asks of it arrives there.
    const opened = await openPage(browser.browser, [`${base}/`, `http://127.0.0.1:${(site.address() as AddressInfo).port}/`])
    const page = opened.page
    await openArtist(page, base, 'nina', 'Nina Simone')
    await writeButton(page).click()
    await expect.poll(() => page.locator('.article-text').innerText(), { timeout: 30_000 }).toContain('Text after the picture')
    await expect.poll(() => imagesSettled(page)).toBe(true)
    expect(sinceStart()).toEqual([])

    await expect.poll(() => statusLine(page), { timeout: 60_000 }).toContain('Finished')
    await expect.poll(() => imagesSettled(page)).toBe(true)
    expect(sinceStart()).toEqual([])
    const [saved] = await portraitsOf(base, 'nina simone')
    expect(saved).toMatchObject({ status: 'COMPLETE' })
    expect(saved!.markdown).toContain(pixelUrl)

    await page.reload()
    await expect.poll(() => page.locator('.article-text').innerText(), { timeout: 30_000 }).toContain('The end of the portrait.')
    await expect.poll(() => imagesSettled(page)).toBe(true)
    expect(sinceStart()).toEqual([])
    // The image is there to be opened on purpose: a link, not a picture fetched by reading.
    expect(await page.locator('.article-text img').count()).toBe(0)
    expect(await page.locator(`.article-text a[href="${pixelUrl}"]`).count()).toBeGreaterThan(0)
    await opened.close()
  })
})
