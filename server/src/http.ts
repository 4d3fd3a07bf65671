import { existsSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { fileURLToPath } from 'node:url'
import sirv from 'sirv'
import type { SingleConnectionHandler } from './sse/single-connection.ts'
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
}

/** One HTTP server for the API, the health check and the built web app. */
export function createHttpServer({ app, stream, health, metrics }: HttpOptions) {
  const assets = existsSync(clientDist) ? sirv(clientDist, { single: true, etag: true, gzip: true }) : undefined
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    if (path === '/graphql/stream') {
      if (stream.claims(req)) return stream.handle(req, res)
      // Distinct-connection requests (and CORS preflights) here are the GraphQL endpoint's own.
      req.url = `/graphql${req.url!.slice(path.length)}`
      void app(req, res)
      return
    }
    if (path === '/graphql' || path.startsWith('/graphql/')) {
      void app(req, res)
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
    if (assets) {
      assets(req, res)
      return
    }
    res.writeHead(404, { 'content-type': 'text/plain' })
    res.end('The web app is not built: run `npm start`, or `npm run dev` for development.\n')
  })
}
