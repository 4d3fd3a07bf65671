import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeModel, type FakeModel } from './fake-model.ts'
import { spawnServer, type ServerProcess } from './tprocess.ts'
import { seededDataDir } from './tserver.ts'
import { generateArticle, type Event } from './tsubscribe.ts'

/**
 * The per-client generation limit behind a real nginx configured as the README says. Each user
 * connects from an address of its own (Linux routes all of 127.0.0.0/8 to the loopback
 * interface), so nginx sees eleven clients; the server sees nginx alone unless it trusts the
 * `X-Forwarded-For` nginx adds (TRUST_PROXY), and trusts no such header from anyone else.
 */

const USERS = 11
const LIMIT = 10

/** nginx's path, installed with apt-get when missing and possible (as root), or why there is none. */
function findNginx(): { path: string } | { missing: string } {
  const look = () => ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx', '/usr/local/bin/nginx'].find((path) => existsSync(path))
  const found = look()
  if (found) return { path: found }
  if (process.getuid?.() !== 0 || spawnSync('sh', ['-c', 'command -v apt-get']).status !== 0) {
    return { missing: 'nginx is not installed, and installing it needs root and apt-get (run `npm run setup` as root, or apt-get install nginx)' }
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const install = () => spawnSync('apt-get', ['install', '-y', '-qq', 'nginx'], { env, encoding: 'utf8' })
  let result = install()
  if (result.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { env })
    result = install()
  }
  const installed = look()
  return installed ? { path: installed } : { missing: `apt-get install nginx failed: ${(result.stderr || result.stdout || '').trim().slice(-500)}` }
}

const nginxBinary = findNginx()
if ('missing' in nginxBinary) console.warn(`Skipping the tests through nginx: ${nginxBinary.missing}`)

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
}

interface Nginx {
  /** The port that proxies to each upstream, by name. */
  ports: Record<string, number>
  stop(): Promise<void>
}

/** A private nginx in a temporary prefix, in the foreground, with one listening port per upstream. */
async function startNginx(binary: string, upstreams: Record<string, string>): Promise<Nginx> {
  const dir = mkdtempSync(join(tmpdir(), 'portrait-nginx-'))
  const ports: Record<string, number> = {}
  for (const name of Object.keys(upstreams)) ports[name] = await freePort()
  const servers = Object.entries(upstreams).map(
    ([name, url]) => `
    upstream ${name} {
      server ${new URL(url).host};
      keepalive 16;
    }
    server {
      listen 127.0.0.1:${ports[name]};
      location / {
        proxy_pass http://${name};
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_buffering off;
        proxy_read_timeout 1h;
      }
    }`,
  )
  const conf = join(dir, 'nginx.conf')
  writeFileSync(
    conf,
    `${process.getuid?.() === 0 ? 'user root;\n' : ''}worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 256; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
${servers.join('\n')}
}
`,
  )
  const child: ChildProcess = spawn(binary, ['-c', conf, '-p', dir, '-e', join(dir, 'error.log'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (data: Buffer) => (output += data.toString()))
  child.stderr!.on('data', (data: Buffer) => (output += data.toString()))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const log = () => `${output}${existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : ''}`
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
    rmSync(dir, { recursive: true, force: true })
  }
  // Ready once every port answers the server's health check through it.
  for (const port of Object.values(ports)) {
    for (let attempt = 0; ; attempt++) {
      if (child.exitCode !== null) {
        const why = log()
        await stop()
        throw new Error(`nginx exited with ${child.exitCode}:\n${why}`)
      }
      const status = await fetch(`http://127.0.0.1:${port}/health`).then((response) => response.status, () => 0)
      if (status === 200) break
      if (attempt > 200) {
        const why = log()
        await stop()
        throw new Error(`nginx did not answer on ${port}:\n${why}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  return { ports, stop }
}

/**
 * One generation started as a client would start it: a POST of the subscription asking for an
 * event stream, from `localAddress`, read to its end. Returns its events.
 */
function generate(port: number, localAddress: string, artistId: string, headers: Record<string, string> = {}): Promise<Event[]> {
  const body = JSON.stringify({ query: generateArticle, variables: { artistId, regenerate: true } })
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        localAddress,
        method: 'POST',
        path: '/graphql',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume()
          reject(new Error(`HTTP ${res.statusCode} from ${localAddress}`))
          return
        }
        res.setEncoding('utf8')
        const events: Event[] = []
        let buffer = ''
        res.on('data', (text: string) => {
          buffer += text
          const frames = buffer.split(/\r?\n\r?\n/)
          buffer = frames.pop()!
          for (const frame of frames) {
            const lines = frame.split(/\r?\n/)
            if (!lines.includes('event: next')) continue
            const data = lines.filter((line) => line.startsWith('data:')).map((line) => line.slice(5).trimStart()).join('\n')
            const payload = JSON.parse(data) as { data?: { generateArticle: Event }; errors?: unknown }
            if (payload.errors) return reject(new Error(JSON.stringify(payload.errors)))
            events.push(payload.data!.generateArticle)
          }
        })
        res.on('end', () => resolve(events))
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** What one start came to: the generation began, or why it did not. */
const outcome = (events: Event[]) => {
  const first = events.find((event) => event.__typename === 'ArticleMetadata' || event.__typename === 'ArticleError')
  return first?.__typename === 'ArticleError' ? first.code : first?.__typename
}

let model: FakeModel
const removals: (() => void)[] = []

/** A server, and a different artist of its collection each time one is asked for. */
interface Upstream {
  server: ServerProcess
  port: number
  freshArtist(): string
}

async function upstream(env: Record<string, string>): Promise<Upstream> {
  const dir = await seededDataDir()
  removals.push(dir.remove)
  const server = await spawnServer({ LLM_BASE_URL: model.url, LLM_MODEL: 'fake-model', MAX_CONCURRENT_GENERATIONS: '20', DATA_DIR: dir.dataDir, ...env })
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ artists(first: 100) { edges { node { id } } } }' }),
  })
  const { data } = (await response.json()) as { data: { artists: { edges: { node: { id: string } }[] } } }
  const ids = data.artists.edges.map((edge) => edge.node.id)
  expect(ids.length).toBeGreaterThanOrEqual(2 * USERS)
  let next = 0
  return { server, port: Number(new URL(server.url).port), freshArtist: () => ids[next++ % ids.length]! }
}

let trusting: Upstream
let direct: Upstream

beforeAll(async () => {
  model = await startFakeModel()
  model.setDefault({ tokens: 3 })
  ;[trusting, direct] = await Promise.all([upstream({ TRUST_PROXY: '1' }), upstream({})])
})
afterAll(async () => {
  await Promise.all([trusting?.server.stop(), direct?.server.stop()])
  await model?.close()
  for (const remove of removals) remove()
})

/** Eleven users, each from its own loopback address, one generation each, one after another. */
async function elevenUsers(port: number, to: Upstream, firstHost: number): Promise<(string | undefined)[]> {
  const outcomes: (string | undefined)[] = []
  for (let user = 0; user < USERS; user++) outcomes.push(outcome(await generate(port, `127.0.0.${firstHost + user}`, to.freshArtist())))
  return outcomes
}

describe('behind nginx', () => {
  let nginx: Nginx | undefined
  beforeAll(async () => {
    if ('path' in nginxBinary) nginx = await startNginx(nginxBinary.path, { trusting: trusting.server.url, direct: direct.server.url })
  })
  afterAll(() => nginx?.stop())

  it.skipIf(!('path' in nginxBinary))('counts each user by the address nginx saw, with TRUST_PROXY=1: eleven users, none refused', async () => {
    const outcomes = await elevenUsers(nginx!.ports.trusting!, trusting, 11)
    expect(outcomes).toEqual(Array(USERS).fill('ArticleMetadata'))
  })

  it.skipIf(!('path' in nginxBinary))('counts every user as nginx without TRUST_PROXY: the eleventh is refused', async () => {
    const outcomes = await elevenUsers(nginx!.ports.direct!, direct, 31)
    expect(outcomes).toEqual([...Array(LIMIT).fill('ArticleMetadata'), 'RATE_LIMITED'])
  })
})

describe('without TRUST_PROXY', () => {
  it('counts a client by its own address, whatever X-Forwarded-For it sends', async () => {
    const outcomes: (string | undefined)[] = []
    for (let i = 1; i <= USERS; i++) {
      outcomes.push(outcome(await generate(direct.port, '127.0.0.51', direct.freshArtist(), { 'x-forwarded-for': `9.9.9.${i}` })))
    }
    expect(outcomes).toEqual([...Array(LIMIT).fill('ArticleMetadata'), 'RATE_LIMITED'])
  })
})
