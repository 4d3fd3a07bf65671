import { randomUUID } from 'node:crypto'
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import { eventStreamOf } from './event-stream.ts'
import { operationFrames } from './frames.ts'
import { nodeSink } from './node.ts'
import { pump } from './pump.ts'

/**
 * GraphQL over SSE, single-connection mode (graphql-sse's PROTOCOL.md), at /graphql/stream.
 *
 * Hand-written rather than graphql-sse's handler because that handler runs operations outside the
 * server's request pipeline (no body limit, masking or HTTP statuses) and queues every event of
 * every operation in an unbounded array. Here this module only keeps reservations and multiplexes;
 * each operation is one ordinary request to the GraphQL endpoint, so limits, authentication,
 * masking and statuses are the same by construction; a subscription's answer carries its event
 * stream (event-stream.ts), whose results the same pump writes onto the reserved stream, the
 * operation id spliced into each frame, as fast as the reader takes them.
 */

export interface SingleConnectionOptions {
  /** Answers one GraphQL-over-HTTP request, as the /graphql endpoint does (a subscription's answer carries its event stream). */
  execute: (request: Request, req: IncomingMessage) => Promise<Response>
  /** Headers every response carries for this request's origin (CORS). */
  originHeaders: (req: IncomingMessage) => OutgoingHttpHeaders
  /** Whether the request may reserve a stream (the API token when reads need one). */
  mayReserve: (req: IncomingMessage) => boolean
  maxBodyBytes: number
  /** An unconnected reservation is forgotten after this long. */
  reservationTtlMs?: number
  /** Operations one stream may carry at once. */
  maxOperations?: number
  /** Reservations waiting for their stream, over all clients. */
  maxPending?: number
  /** Reservations one client may have waiting for their stream: one client cannot take every place. */
  maxPendingPerClient?: number
  /** Who the request comes from, for the per-client bound. */
  clientOf?: (req: IncomingMessage) => string
  pingMs?: number
}

interface Operation {
  /** Stops reading the operation's results (and so the operation itself). */
  stop(): void
}

interface Reservation {
  token: string
  client: string
  res?: ServerResponse
  connected: Promise<ServerResponse | null>
  connect(res: ServerResponse | null): void
  operations: Map<string, Operation>
  expiry?: NodeJS.Timeout
  ping?: NodeJS.Timeout
}

export const TOKEN_HEADER = 'x-graphql-event-stream-token'

const json = (res: ServerResponse, status: number, headers: OutgoingHttpHeaders, message?: string, code?: string) => {
  res.writeHead(status, { ...headers, ...(message ? { 'content-type': 'application/json; charset=utf-8' } : {}) })
  res.end(message ? JSON.stringify({ errors: [{ message, ...(code ? { extensions: { code } } : {}) }] }) : undefined)
}

const frame = (event: 'next' | 'complete', data: string) => `event: ${event}\ndata: ${data}\n\n`

/** Reads a request body up to `limit` bytes; null when it is larger (the rest is not read). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'])
  if (declared > limit) {
    req.resume()
    return Promise.resolve(null)
  }
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = []
    let size = 0
    req.on('data', (part: Buffer) => {
      size += part.length
      if (size > limit) {
        // The rest is read and dropped: a client still sending would not see the answer otherwise.
        req.removeAllListeners('data')
        req.resume()
        resolve(null)
        return
      }
      parts.push(part)
    })
    req.once('end', () => resolve(Buffer.concat(parts)))
    req.once('error', reject)
  })
}

export function createSingleConnectionHandler(options: SingleConnectionOptions) {
  const { execute, originHeaders, mayReserve, maxBodyBytes } = options
  const ttlMs = options.reservationTtlMs ?? 30_000
  const maxOperations = options.maxOperations ?? 64
  const pingMs = options.pingMs ?? 12_000
  const maxPending = options.maxPending ?? 10_000
  const maxPendingPerClient = options.maxPendingPerClient ?? 1000
  const clientOf = options.clientOf ?? ((req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown')
  const reservations = new Map<string, Reservation>()
  let pending = 0
  const pendingByClient = new Map<string, number>()

  function unpend(client: string) {
    pending--
    const left = (pendingByClient.get(client) ?? 1) - 1
    if (left > 0) pendingByClient.set(client, left)
    else pendingByClient.delete(client)
  }

  function reserve(client: string): Reservation {
    let connect!: (res: ServerResponse | null) => void
    const connected = new Promise<ServerResponse | null>((resolve) => (connect = resolve))
    const reservation: Reservation = { token: randomUUID(), client, connected, connect, operations: new Map() }
    reservation.expiry = setTimeout(() => end(reservation), ttlMs)
    reservations.set(reservation.token, reservation)
    pending++
    pendingByClient.set(client, (pendingByClient.get(client) ?? 0) + 1)
    return reservation
  }

  function end(reservation: Reservation) {
    if (reservations.get(reservation.token) !== reservation) return
    reservations.delete(reservation.token)
    if (!reservation.res) unpend(reservation.client)
    clearTimeout(reservation.expiry)
    clearInterval(reservation.ping)
    reservation.connect(null)
    for (const operation of reservation.operations.values()) operation.stop()
    reservation.operations.clear()
    if (reservation.res && !reservation.res.writableEnded) reservation.res.end()
  }

  function open(reservation: Reservation, req: IncomingMessage, res: ServerResponse) {
    clearTimeout(reservation.expiry)
    unpend(reservation.client)
    reservation.res = res
    res.writeHead(200, {
      ...originHeaders(req),
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    })
    // Some browsers show nothing until the first bytes of the body arrive.
    res.write(':\n\n')
    reservation.ping = setInterval(() => {
      if (!res.writableNeedDrain) res.write(':\n\n')
    }, pingMs)
    res.once('close', () => end(reservation))
    reservation.connect(res)
  }

  async function operate(reservation: Reservation, req: IncomingMessage, res: ServerResponse, url: URL) {
    const headers = originHeaders(req)
    let body: Buffer | undefined
    if (req.method === 'POST') {
      const read = await readBody(req, maxBodyBytes)
      if (!read) {
        return json(res, 413, headers, 'Request body too large', 'REQUEST_ENTITY_TOO_LARGE')
      }
      body = read
    }
    let id: unknown
    let parsed = false
    try {
      const params = body ? JSON.parse(body.toString('utf8')) : JSON.parse(url.searchParams.get('extensions') ?? '{}')
      id = (body ? params?.extensions : params)?.operationId
      // Anything but one operation (a batch, a bare value) is left for the endpoint to refuse.
      parsed = typeof params === 'object' && params !== null && !Array.isArray(params)
    } catch {
      // Unparsable: the GraphQL endpoint says what is wrong with it, below.
    }
    const forwarded = new URL('/graphql', 'http://portrait.internal')
    for (const [key, value] of url.searchParams) if (key !== 'token') forwarded.searchParams.append(key, value)
    const controller = new AbortController()
    const operation: Operation = { stop: () => controller.abort() }
    const key = typeof id === 'string' || typeof id === 'number' ? String(id) : ''
    // Nothing runs without an id to send its results under.
    if (!key && parsed) return json(res, 400, headers, 'Operation ID is missing')
    if (key) {
      if (reservation.operations.has(key)) return json(res, 409, headers, 'Operation with ID already exists')
      if (reservation.operations.size >= maxOperations) return json(res, 429, headers, `At most ${maxOperations} operations per stream`, 'TOO_MANY_OPERATIONS')
      reservation.operations.set(key, operation)
    }
    const ours = () => key !== '' && reservation.operations.get(key) === operation
    const response = await execute(
      new Request(forwarded, {
        method: req.method,
        headers: {
          accept: 'application/graphql-response+json, application/json;q=0.9, text/event-stream;q=0.8',
          ...(body ? { 'content-type': req.headers['content-type'] ?? 'application/json' } : {}),
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        },
        // Decoded as the endpoint would decode it: invalid UTF-8 becomes U+FFFD, then JSON decides.
        body: body?.toString('utf8'),
        signal: controller.signal,
      }),
      req,
    ).catch(() => null)
    const events = response && eventStreamOf(response)
    if (events) {
      if (!ours() || controller.signal.aborted) {
        // Stopped before its first event: nothing was accepted, nothing will be sent.
        void events.results.return?.()
        if (ours()) reservation.operations.delete(key)
        return void res.writeHead(204, headers).end()
      }
      res.writeHead(202, headers).end()
      const stream = await reservation.connected
      if (!stream || !ours() || controller.signal.aborted) {
        void events.results.return?.()
        if (ours()) reservation.operations.delete(key)
        return
      }
      const sink = nodeSink(stream, controller.signal)
      const { frame, complete } = operationFrames(key)
      try {
        if ((await pump(events.results, sink, frame, events.delivered, controller.signal)) && !stream.writableEnded) stream.write(complete)
      } finally {
        sink.release()
        if (ours()) reservation.operations.delete(key)
      }
      return
    }
    if (!response) {
      const stopped = controller.signal.aborted
      if (ours()) reservation.operations.delete(key)
      if (stopped) return void res.writeHead(204, headers).end()
      return json(res, 500, headers, 'Unexpected error.')
    }
    if (!response.ok || !ours() || controller.signal.aborted) {
      if (ours()) reservation.operations.delete(key)
      controller.abort()
      // Request problems keep the GraphQL endpoint's status and body, as the protocol asks.
      if (response.ok && !key) return json(res, 400, headers, 'Operation ID is missing')
      if (response.ok) {
        await response.body?.cancel()
        res.writeHead(204, headers).end()
        return
      }
      res.writeHead(response.status, { ...headers, 'content-type': response.headers.get('content-type') ?? 'application/json' })
      res.end(Buffer.from(await response.arrayBuffer()))
      return
    }
    res.writeHead(202, headers).end()
    // A query or mutation (or a subscription refused before any event) answers at once: one result, then completion.
    const payload = await response.text()
    const stream = await reservation.connected
    if (!ours()) return
    reservation.operations.delete(key)
    if (stream && !stream.writableEnded) stream.write(frame('next', `{"id":${JSON.stringify(key)},"payload":${payload}}`) + frame('complete', `{"id":${JSON.stringify(key)}}`))
  }

  /** Answers a request to the single-connection endpoint that carries a reservation token (or makes one). */
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://portrait.internal')
    const headers = originHeaders(req)
    const token = (req.headers[TOKEN_HEADER] as string | undefined) ?? url.searchParams.get('token') ?? undefined
    if (req.method === 'PUT') {
      if (!mayReserve(req)) {
        return json(res, 401, headers, 'This server needs an API token: send `Authorization: Bearer <token>`.', 'UNAUTHENTICATED')
      }
      const client = clientOf(req)
      if ((pendingByClient.get(client) ?? 0) >= maxPendingPerClient) {
        return json(res, 429, { ...headers, 'retry-after': '5' }, 'Too many of your streams are waiting to connect; connect them or try again shortly.', 'TOO_MANY_RESERVATIONS')
      }
      if (pending >= maxPending) return json(res, 503, { ...headers, 'retry-after': '5' }, 'Too many streams are waiting to connect; try again shortly.', 'TOO_MANY_RESERVATIONS')
      const reservation = reserve(client)
      res.writeHead(201, { ...headers, 'content-type': 'text/plain; charset=utf-8' })
      res.end(reservation.token)
      return
    }
    const reservation = token ? reservations.get(token) : undefined
    if (!reservation) return json(res, 404, headers, 'Stream not found')
    const accept = req.headers.accept ?? ''
    if (accept.includes('text/event-stream') && (req.method === 'GET' || req.method === 'POST')) {
      if (reservation.res) return json(res, 409, headers, 'Stream already open')
      return open(reservation, req, res)
    }
    if (req.method === 'DELETE') {
      const id = url.searchParams.get('operationId')
      if (!id) return json(res, 400, headers, 'Operation ID is missing')
      reservation.operations.get(id)?.stop()
      reservation.operations.delete(id)
      res.writeHead(200, headers).end()
      return
    }
    if (req.method !== 'GET' && req.method !== 'POST') {
      res.writeHead(405, { ...headers, allow: 'GET, POST, PUT, DELETE' }).end()
      return
    }
    return operate(reservation, req, res, url)
  }

  return {
    /** Whether this request belongs to single-connection mode (otherwise it is a distinct-mode request). */
    claims(req: IncomingMessage): boolean {
      if (req.method === 'PUT' || req.method === 'DELETE') return true
      if (req.headers[TOKEN_HEADER]) return true
      return new URL(req.url ?? '/', 'http://portrait.internal').searchParams.has('token')
    },
    handle(req: IncomingMessage, res: ServerResponse): void {
      handle(req, res).catch(() => {
        if (!res.headersSent) json(res, 500, originHeaders(req), 'Unexpected error.')
        else res.destroy()
      })
    },
    /** Ends every stream, so that the server can close. */
    close() {
      for (const reservation of [...reservations.values()]) end(reservation)
    },
    get streams() {
      return reservations.size
    },
  }
}

export type SingleConnectionHandler = ReturnType<typeof createSingleConnectionHandler>
