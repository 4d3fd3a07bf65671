import { existsSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { fileURLToPath } from 'node:url'
import sirv from 'sirv'
import { checkApiRequest, hostAllowed, hostName, refusalBody, type GuardOptions, type Refusal } from './guards/request-guard.ts'
import { APP_CSP } from './guards/content-policy.ts'
import { asksForStream, type StreamQuota } from './guards/stream-quota.ts'
import { nodeHandler } from './streams/node.ts'
import type { SingleConnectionHandler } from './streams/single-connection.ts'
import type { App } from './yoga.ts'

const clientDist = fileURLToPath(new URL('../../client/dist', import.meta.url))

export interface HttpOptions {
  app: App
  /** GraphQL over SSE in single-connection mode, at /graphql/stream. */
  stream: SingleConnectionHandler
  /** Answers GET /health. */
  health: () => Promise<{ ok: boolean } & Record<string, unknown>>
  /** Answers GET /metrics (Prometheus text format). */
  metrics: () => Promise<{ type: string; body: string }>
  /** Which host names and other sites' pages may reach the API. */
  guard: GuardOptions
  /** GraphQL over WebSocket, on an upgrade of /graphql. */
  upgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void
  /** Open streams per client (event streams and WebSockets). */
  quota?: StreamQuota
  /** Answers GET /covers/:hash (album art, resized): see ./covers/serve.ts. */
  covers?: (req: IncomingMessage, res: ServerResponse) => Promise<void>
}


const tooManyStreams: Refusal = {
  status: 429,
  code: 'TOO_MANY_STREAMS',
  message: 'You hold as many open streams as this server allows one client (MAX_STREAMS_PER_CLIENT): close some first.',
  headers: { 'retry-after': '5' },
}

/** One HTTP server for the API, the health check and the built web app. */
export function createHttpServer({ app, stream, health, metrics, guard, upgrade, quota, covers }: HttpOptions) {
  const assets = existsSync(clientDist)
    ? sirv(clientDist, {
        single: true,
        etag: true,
        gzip: true,
        setHeaders: (res) => {
          res.setHeader('content-security-policy', APP_CSP)
          res.setHeader('referrer-policy', 'no-referrer')
          res.setHeader('x-content-type-options', 'nosniff')
        },
      })
    : undefined
  const graphql = nodeHandler(app)
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    const api = path === '/graphql' || path.startsWith('/graphql/')
    // Checked on headers alone, before a body is read or an operation runs.
    let refusal = api ? checkApiRequest(req.method ?? 'GET', req.headers, guard) : null
    if (!refusal && api && quota && asksForStream(req) && !quota.take(req, (release) => res.once('close', release))) refusal = tooManyStreams
    if (refusal) {
      res.writeHead(refusal.status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', vary: 'Origin', ...refusal.headers })
      res.end(refusalBody(refusal))
      req.resume()
      return
    }
    // The web app's pages answer only to this server's names too: a rebinding page reads nothing.
    if (!api && path !== '/health' && path !== '/metrics' && !hostAllowed(hostName(req.headers.host) ?? '', guard.allowedHosts)) {
      res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' })
      res.end('This server does not answer to that host name: add it to ALLOWED_HOSTS if it is yours.\n')
      return
    }
    if (path === '/graphql/stream') {
      if (stream.claims(req)) return stream.handle(req, res)
      // Distinct-connection requests (and CORS preflights) here are the GraphQL endpoint's own.
      req.url = `/graphql${req.url!.slice(path.length)}`
      graphql(req, res)
      return
    }
    if (api) {
      graphql(req, res)
      return
    }
    if (path === '/health') {
      void health().then((body) => {
        res.writeHead(body.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
        res.end(JSON.stringify(body))
      })
      return
    }
    if (path === '/metrics') {
      void metrics().then(({ type, body }) => {
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' })
        res.end(body)
      })
      return
    }
    if (covers && path.startsWith('/covers/')) {
      void covers(req, res)
      return
    }
    if (assets) {
      assets(req, res)
      return
    }
    res.writeHead(404, { 'content-type': 'text/plain' })
    res.end('The web app is not built: run `npm start`, or `npm run dev` for development.\n')
  })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '/').split('?')[0]
    if (upgrade && path === '/graphql') {
      if (quota && !quota.take(req, (release) => socket.once('close', release))) {
        socket.end(`HTTP/1.1 429 Too Many Requests\r\ncontent-type: application/json; charset=utf-8\r\nretry-after: 5\r\nconnection: close\r\n\r\n${refusalBody(tooManyStreams)}`)
        return
      }
      return upgrade(req, socket, head)
    }
    socket.end('HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n')
  })
  return server
}
