import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnServer, type ServerProcess } from './tprocess.ts'
import { seededDataDir } from './tserver.ts'

const token = 'portrait-hostile-token-0123456789'
const auth = { authorization: `Bearer ${token}` }

let server: ServerProcess
let remove: () => void
beforeAll(async () => {
  const dir = await seededDataDir()
  remove = dir.remove
  server = await spawnServer({
    DATA_DIR: dir.dataDir,
    API_TOKENS: token,
    READ_REQUIRES_TOKEN: 'true',
    MAX_QUERY_DEPTH: '4',
    MAX_QUERY_COST: '45',
    MAX_ALIASES: '3',
  })
})
afterAll(async () => {
  await server?.stop()
  remove?.()
})

const rssBytes = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.child.pid}/status`, 'utf8'))![1]) * 1024

const huge = 'x'.repeat(50_000_000)
const subscription = (selection = '__typename') => `subscription ($a: ID!) { generateArticle(artistId: $a) { ${selection} } }`

interface Case {
  name: string
  body: () => BodyInit
  headers?: Record<string, string>
  /** The status under GraphQL over HTTP (and for the single-connection POST). */
  status: number
  /** Under the distinct SSE mode, errors in the document itself arrive as an event of a 200 stream. */
  sseStatus?: number
  message: RegExp
}

const cases: Case[] = [
  { name: '50 MB body', body: () => JSON.stringify({ query: '{ genres }', variables: { x: huge } }), status: 413, message: /too large/i },
  {
    name: '50 MB body, chunked',
    body: () => Readable.toWeb(Readable.from((function* () { for (let i = 0; i < 50; i++) yield Buffer.from(huge.slice(0, 1_000_000)) })())) as ReadableStream,
    status: 413,
    message: /too large/i,
  },
  { name: 'invalid JSON', body: () => '{"query": "{ genres }"', status: 400, sseStatus: 200, message: /invalid JSON/ },
  { name: 'invalid UTF-8', body: () => Buffer.concat([Buffer.from('{"query":"{ genres '), Buffer.from([0xff, 0xfe]), Buffer.from(' }"}')]), status: 400, sseStatus: 200, message: /Syntax Error/ },
  { name: 'no query', body: () => JSON.stringify({ variables: {} }), status: 400, sseStatus: 200, message: /query/i },
  { name: 'batched', body: () => JSON.stringify([{ query: '{ genres }' }, { query: '{ genres }' }]), status: 400, message: /batch/i },
  { name: 'syntax error', body: () => JSON.stringify({ query: 'subscription {' }), status: 400, sseStatus: 200, message: /Syntax Error/ },
  { name: 'unknown field', body: () => JSON.stringify({ query: 'subscription { nope }' }), status: 400, sseStatus: 200, message: /Cannot query field/ },
  {
    name: 'too deep',
    body: () => JSON.stringify({ query: subscription('... on ArticleDone { article { artist { albums { title } } } }'), variables: { a: '1' } }),
    status: 400,
    sseStatus: 200,
    message: /depth limit/,
  },
  {
    name: 'too costly',
    body: () => JSON.stringify({ query: '{ artists { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name sortName country genres formedYear endedYear bio } } } genres }' }),
    status: 400,
    sseStatus: 200,
    message: /cost/i,
  },
  { name: 'too many aliases', body: () => JSON.stringify({ query: '{ a: genres b: genres c: genres d: genres }' }), status: 400, sseStatus: 200, message: /aliases/i },
  { name: 'too many tokens', body: () => JSON.stringify({ query: `{ genres ${'__typename '.repeat(1_200)}}` }), status: 400, sseStatus: 200, message: /token/i },
  { name: 'too many directives', body: () => JSON.stringify({ query: `{ genres ${'@include(if: true) '.repeat(60)}}` }), status: 400, sseStatus: 200, message: /directive/i },
  { name: 'variable of the wrong type', body: () => JSON.stringify({ query: subscription(), variables: { a: { x: 1 } } }), status: 400, message: /got invalid value/ },
  { name: 'no API token', body: () => JSON.stringify({ query: '{ genres }' }), headers: { authorization: '' }, status: 401, message: /API token/ },
  { name: 'wrong API token', body: () => JSON.stringify({ query: '{ genres }' }), headers: { authorization: 'Bearer wrong-token-0123456789' }, status: 401, message: /API token/ },
]

type Entry = 'graphql' | 'stream, single connection' | 'stream, distinct'

/** Sends one request the way a client of that entry point would, and returns status and body. */
async function send(entry: Entry, item: Case): Promise<{ status: number; text: string }> {
  const headers = { 'content-type': 'application/json', ...auth, ...item.headers }
  if (!headers.authorization) delete (headers as Record<string, string>).authorization
  let url = `${server.url}/graphql`
  let accept = 'application/graphql-response+json, application/json;q=0.9'
  let body = item.body()
  if (entry === 'stream, distinct') {
    url = `${server.url}/graphql/stream`
    accept = 'text/event-stream'
  }
  if (entry === 'stream, single connection') {
    url = `${server.url}/graphql/stream`
    accept = 'application/json'
    const reservation = await fetch(url, { method: 'PUT', headers: auth })
    expect(reservation.status).toBe(201)
    Object.assign(headers, { 'x-graphql-event-stream-token': await reservation.text() })
    // The protocol names the operation in the body's extensions.
    if (typeof body === 'string' && body.startsWith('{"')) body = `{"extensions":{"operationId":"op"},${body.slice(1)}`
    if (Buffer.isBuffer(body)) body = Buffer.concat([Buffer.from('{"extensions":{"operationId":"op"},'), body.subarray(1)])
  }
  const response = await fetch(url, { method: 'POST', headers: { ...headers, accept }, body, duplex: 'half' } as RequestInit)
  return { status: response.status, text: await response.text() }
}

const entries: Entry[] = ['graphql', 'stream, single connection', 'stream, distinct']
const table: string[] = []

describe.each(entries)('hostile requests at %s', (entry) => {
  it.each(cases.map((item) => [item.name, item] as const))('%s: the right status, a clear error, no stack trace, nothing run', async (_, item) => {
    const rss = rssBytes()
    const started = performance.now()
    const { status, text } = await send(entry, item)
    const ms = performance.now() - started
    const grown = rssBytes() - rss
    table.push(`${entry.padEnd(26)} ${item.name.padEnd(28)} ${status} ${ms.toFixed(0).padStart(5)} ms  RSS +${(grown / 1e6).toFixed(1)} MB`)
    expect(status).toBe(entry === 'stream, distinct' ? (item.sseStatus ?? item.status) : item.status)
    expect(text).toMatch(item.message)
    expect(text).not.toMatch(/\n\s+at |node_modules|\/work\/|file:\/\/|\.ts:\d/)
    expect(text).not.toContain('"data":{')
    expect(grown).toBeLessThan(30_000_000)
  })
})

describe('single-connection reservations', () => {
  it('needs the API token when reads do, and refuses a second stream on one reservation', async () => {
    const url = `${server.url}/graphql/stream`
    const refused = await fetch(url, { method: 'PUT' })
    expect(refused.status).toBe(401)
    expect(await refused.text()).toMatch(/API token/)
    const unknown = await fetch(url, { method: 'POST', headers: { 'x-graphql-event-stream-token': 'made-up', 'content-type': 'application/json' }, body: '{}' })
    expect(unknown.status).toBe(404)
    const reserved = await (await fetch(url, { method: 'PUT', headers: auth })).text()
    const first = await fetch(url, { headers: { accept: 'text/event-stream', 'x-graphql-event-stream-token': reserved } })
    expect(first.status).toBe(200)
    const second = await fetch(url, { headers: { accept: 'text/event-stream', 'x-graphql-event-stream-token': reserved } })
    expect(second.status).toBe(409)
    await first.body!.cancel()
  })

  it('runs nothing sent without an operation id', async () => {
    const url = `${server.url}/graphql/stream`
    const reserved = await (await fetch(url, { method: 'PUT', headers: auth })).text()
    const ask = (query: string) =>
      fetch(`${server.url}/graphql`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ query }) }).then((r) => r.json())
    const { data } = await ask('{ artists(first: 1) { edges { node { id } } } }')
    const start = await fetch(url, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'x-graphql-event-stream-token': reserved },
      body: JSON.stringify({ query: `mutation { startGeneration(artistId: "${data.artists.edges[0].node.id}", regenerate: true) { __typename } }` }),
    })
    expect(start.status).toBe(400)
    expect(await start.text()).toMatch(/Operation ID is missing/)
    expect((await ask('{ activeGenerations { id } }')).data.activeGenerations).toEqual([])
  })
})

afterAll(() => console.log(`entry                      case                         status  time  memory\n${table.join('\n')}`))
