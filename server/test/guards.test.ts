import { readFileSync } from 'node:fs'
import { Agent, request, type IncomingMessage } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startFakeModel, type FakeModel } from './fake-model.ts'
import { spawnServer, type ServerProcess } from './tprocess.ts'
import { seededDataDir } from './tserver.ts'

/**
 * What any web page the collector visits, a rebinding page or one hostile client can make a
 * default install do, through the real server in its own process in front of the fake model:
 * each attack ends refused, with nothing written, no model call and a bounded server.
 */

const token = 'portrait-guard-token-0123456789'
let model: FakeModel
let open: ServerProcess
let guarded: ServerProcess
const removes: (() => void)[] = []
let artistId: string

const start = async (env: Record<string, string>) => {
  const dir = await seededDataDir()
  removes.push(dir.remove)
  return spawnServer({ DATA_DIR: dir.dataDir, LLM_BASE_URL: model.url, LLM_MODEL: 'fake-model', LLM_MAX_RETRIES: '0', ...env })
}

beforeAll(async () => {
  model = await startFakeModel()
  model.setDefault({ tokens: 400, paceMs: 5 })
  ;[open, guarded] = await Promise.all([start({}), start({ API_TOKENS: token, MAX_STREAMS_PER_CLIENT: '3' })])
  const { data } = await gql<{ artists: { edges: { node: { id: string } }[] } }>(open, '{ artists(first: 1) { edges { node { id } } } }')
  artistId = data!.artists.edges[0]!.node.id
})
afterAll(async () => {
  await Promise.all([open?.stop(), guarded?.stop()])
  await model?.close()
  for (const remove of removes) remove()
})

async function gql<T = unknown>(server: ServerProcess, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  })
  return { status: response.status, ...((await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] }) }
}

const rssBytes = (server: ServerProcess) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))![1]) * 1024
const count = async () => (await gql<{ artists: { totalCount: number } }>(open, '{ artists { totalCount } }')).data!.artists.totalCount
const generate = (regenerate = true) => `subscription { generateArticle(artistId: "${artistId}", regenerate: ${regenerate}) { __typename } }`
const errorCode = async (response: Response) => ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code
/** Long enough for a generation that was started to have reached the model. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1500))

describe('requests a web page can send without asking', () => {
  it('refuses form-encoded and text/plain bodies with 415, writing nothing and calling no model', async () => {
    const before = { artists: await count(), calls: model.requests.length }
    const mutation = 'mutation { createArtist(input: { name: "Cross Site" }) { artist { id } } }'
    for (const [type, body] of [
      ['application/x-www-form-urlencoded', new URLSearchParams({ query: mutation }).toString()],
      ['application/x-www-form-urlencoded', new URLSearchParams({ query: generate() }).toString()],
      ['text/plain', JSON.stringify({ query: mutation })],
      ['text/plain;charset=UTF-8', JSON.stringify({ query: generate() })],
      ['multipart/form-data; boundary=x', '--x--'],
    ] as const) {
      for (const path of ['/graphql', '/graphql/stream']) {
        const response = await fetch(`${open.url}${path}`, { method: 'POST', headers: { 'content-type': type, accept: 'text/event-stream' }, body })
        // A multipart body without the preflight header is refused by the upload rule (400).
        expect([415, 400]).toContain(response.status)
        if (!type.startsWith('multipart')) expect(await errorCode(response)).toBe('UNSUPPORTED_MEDIA_TYPE')
      }
    }
    await settle()
    expect({ artists: await count(), calls: model.requests.length }).toEqual(before)
  })

  it('refuses another site’s page by its Origin or Sec-Fetch-Site with 403, and serves its own pages and listed origins', async () => {
    const before = model.requests.length
    const foreign: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: open.url.replace('127.0.0.1', 'localhost') },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ]
    for (const headers of foreign) {
      const write = await gql(open, 'mutation { loadDemoCollection { id } }', {}, headers)
      expect(write.status).toBe(403)
      expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN_ORIGIN')
      const stream = await fetch(`${open.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers }, body: JSON.stringify({ query: generate() }) })
      expect(stream.status).toBe(403)
    }
    await settle()
    expect(model.requests.length).toBe(before)
    // The web app's own page, and a tool without a browser, are served.
    expect((await gql(open, '{ artists { totalCount } }', {}, { origin: open.url, 'sec-fetch-site': 'same-origin' })).status).toBe(200)
    expect((await gql(open, '{ artists { totalCount } }')).status).toBe(200)
  })

  it('refuses a generation over GET (an <img>, an EventSource) with 405, and no model call', async () => {
    const before = model.requests.length
    for (const accept of ['text/event-stream', 'image/avif,image/webp,*/*']) {
      const url = `${open.url}/graphql?query=${encodeURIComponent(generate())}`
      const response = await fetch(url, { headers: { accept } })
      expect(response.status).toBe(405)
      await response.body?.cancel()
    }
    await settle()
    expect(model.requests.length).toBe(before)
    // Reading over GET stays open: a query, as GraphQL over HTTP allows.
    expect((await fetch(`${open.url}/graphql?query=${encodeURIComponent('{ artists { totalCount } }')}`, { headers: { accept: 'application/json' } })).status).toBe(200)
  })

  it('answers only its own names: a rebinding Host gets 421 and no data, pages included', async () => {
    for (const path of ['/graphql', '/graphql/stream', '/', '/artists/x']) {
      const response = await new Promise<IncomingMessage>((resolve, reject) => {
        const req = request(`${open.url}${path}`, { method: path.startsWith('/graphql') ? 'POST' : 'GET', headers: { host: 'rebind.evil.example', 'content-type': 'application/json' } }, resolve)
        req.on('error', reject)
        req.end(path.startsWith('/graphql') ? JSON.stringify({ query: '{ importSettings { roots } }' }) : undefined)
      })
      let body = ''
      for await (const chunk of response) body += chunk
      expect(response.statusCode).toBe(421)
      expect(body).not.toMatch(/roots|artists|<html/i)
    }
    // Its own names and addresses are served.
    expect((await fetch(`${open.url.replace('127.0.0.1', 'localhost')}/health`)).status).toBe(200)
  })
})

describe('nothing runs for a reader who is not there', () => {
  it('refuses a subscription whose answer the client cannot take (406) before it starts a generation', async () => {
    const before = model.requests.length
    for (const accept of ['application/json', 'application/graphql-response+json', 'text/html']) {
      const response = await fetch(`${open.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', accept }, body: JSON.stringify({ query: generate() }) })
      expect(response.status).toBe(406)
      // Yoga refuses a type it cannot write at all (HTML) before parsing, with no body.
      if (accept !== 'text/html') expect(await errorCode(response)).toBe('NOT_ACCEPTABLE')
    }
    await settle()
    expect(model.requests.length).toBe(before)
    const { data } = await gql<{ activeGenerations: unknown[] }>(open, '{ activeGenerations { id } }')
    expect(data!.activeGenerations).toEqual([])
  })
})

describe('cost that cannot be dodged', () => {
  const amplified = `query ($n: Int) { ${Array.from({ length: 15 }, (_, i) => `a${i}: artists(first: $n) { edges { node { name albums { title year } portraits { id markdown } } } }`).join(' ')} }`

  it('counts list sizes given in variables as literals, and refuses exports asked for many times at once', async () => {
    const viaVariable = await gql(open, amplified, { n: 100 })
    expect(viaVariable.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX')
    expect(viaVariable.data).toBeUndefined()
    const literal = await gql(open, amplified.replace('query ($n: Int)', 'query').replaceAll('$n', '100'))
    expect(literal.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX')
    const exports = await gql(open, `{ ${Array.from({ length: 15 }, (_, i) => `e${i}: exportCollection`).join(' ')} }`)
    expect(exports.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX')
    // What the web app and the README ask for still passes.
    const page = await gql<{ artists: { edges: unknown[] } }>(open, '{ artists(first: 24) { edges { node { id name country genres albums { title year } } } } }')
    expect(page.errors).toBeUndefined()
    expect(page.data!.artists.edges.length).toBeGreaterThan(0)
    expect((await gql<{ exportCollection: string }>(open, '{ exportCollection }')).data!.exportCollection).toContain('portrait-collection')
  })

  it('keeps the export behind the token on a protected server', async () => {
    const anonymous = await gql(guarded, '{ exportCollection }')
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
    const withToken = await gql<{ exportCollection: string }>(guarded, '{ exportCollection }', {}, { authorization: `Bearer ${token}` })
    expect(withToken.data!.exportCollection).toContain('portrait-collection')
  })

  it('stays up and bounded under twenty hostile queries at once', async () => {
    const rss = rssBytes(open)
    const hostile = Array.from({ length: 20 }, (_, i) =>
      i % 2 ? gql(open, amplified, { n: 100 }) : gql(open, `{ ${Array.from({ length: 15 }, (_, j) => `e${j}: exportCollection`).join(' ')} }`),
    )
    const health = await fetch(`${open.url}/health`)
    expect(health.status).toBe(200)
    for (const result of await Promise.all(hostile)) expect(result.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX')
    const grown = rssBytes(open) - rss
    console.log(`RSS ${(rss / 1e6).toFixed(0)} MB before, grew ${(grown / 1e6).toFixed(0)} MB under 20 hostile queries`)
    expect(grown).toBeLessThan(150e6)
  })
})

describe('bodies checked before they are read', () => {
  /** Sends an upload's headers and its first bytes, then waits for an answer without sending the rest. */
  const upload = (server: ServerProcess, headers: Record<string, string>) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=----x', 'content-length': String(19_000_000), 'graphql-require-preflight': '1', ...headers },
      })
      req.on('response', (res) => {
        let body = ''
        res.on('data', (chunk: Buffer) => (body += chunk.toString()))
        res.on('end', () => {
          req.destroy()
          resolve({ status: res.statusCode!, body })
        })
      })
      req.on('error', (error) => (req.destroyed ? undefined : reject(error)))
      req.write(`------x\r\nContent-Disposition: form-data; name="operations"\r\n\r\n`)
      req.write(Buffer.alloc(65_536, 'a'))
    })

  it('refuses an anonymous upload on a protected server on its headers, without waiting for its body', async () => {
    const rss = rssBytes(guarded)
    const answers = await Promise.all(Array.from({ length: 40 }, () => upload(guarded, {})))
    for (const { status, body } of answers) {
      expect(status).toBe(401)
      expect(JSON.parse(body).errors[0].extensions.code).toBe('UNAUTHENTICATED')
    }
    expect(rssBytes(guarded) - rss).toBeLessThan(100e6)
  })
})

describe('fair shares', () => {
  it('caps the streams one client holds open, event streams and WebSockets alike, and frees a place when one closes', async () => {
    model.setDefault({ tokens: 2000, paceMs: 20 })
    const { data } = await gql<{ artists: { edges: { node: { id: string } }[] } }>(guarded, '{ artists(first: 3) { edges { node { id } } } }')
    const ids = data!.artists.edges.map((edge) => edge.node.id)
    const controllers: AbortController[] = []
    const openStream = async (artist: string) => {
      const controller = new AbortController()
      controllers.push(controller)
      const response = await fetch(`${guarded.url}/graphql`, {
        method: 'POST',
        signal: controller.signal,
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: `subscription { generateArticle(artistId: "${artist}", regenerate: true) { __typename } }` }),
      })
      return response
    }
    const held = await Promise.all(ids.map(openStream))
    for (const response of held) expect(response.status).toBe(200)
    const fourth = await openStream(ids[0]!)
    expect(fourth.status).toBe(429)
    expect(await errorCode(fourth)).toBe('TOO_MANY_STREAMS')
    const upgrade = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${guarded.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws')
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode!))
      socket.on('open', () => {
        socket.close()
        resolve(101)
      })
    })
    expect(upgrade).toBe(429)
    // Closing one frees its place.
    controllers[0]!.abort()
    await expect.poll(async () => (await openStream(ids[0]!)).status).toBe(200)
    for (const controller of controllers) controller.abort()
  })

  it('keeps one client’s reservations from taking every place: another reader still gets a stream', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 16, localAddress: '127.0.0.2' })
    const reserve = (localAddress: string, via?: Agent) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${open.url}/graphql/stream`, { method: 'PUT', agent: via, localAddress: via ? undefined : localAddress }, (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode!))
        })
        req.on('error', reject)
        req.end()
      })
    const statuses: number[] = []
    for (let batch = 0; batch < 10_001; batch += 500) {
      statuses.push(...(await Promise.all(Array.from({ length: Math.min(500, 10_001 - batch) }, () => reserve('127.0.0.2', agent)))))
    }
    agent.destroy()
    expect(statuses.filter((status) => status === 201).length).toBeLessThanOrEqual(1000)
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(9000)
    // Another reader (another address) reserves at once.
    expect(await reserve('127.0.0.3')).toBe(201)
  })
})
