import { connect } from 'node:net'
import { createParser } from 'eventsource-parser'
import { createClient } from 'graphql-sse'
import WebSocket from 'ws'

/** What one reader saw. */
export interface ReaderResult {
  /** From the request to the first text, in ms. */
  firstText: number | null
  /** From the request to the first event of any kind, in ms (counted by the light reader only). */
  firstEvent: number | null
  /** For each token: receive time minus the model's send stamp, in ms. */
  latencies: number[]
  chunks: number
  error: string | null
}

const now = () => performance.timeOrigin + performance.now()
const stamp = /«([\d.]+)»/g

function onText(result: ReaderResult, started: number, delta: string, ignoreBefore = 0) {
  const at = now()
  result.firstText ??= at - started
  result.chunks++
  for (const match of delta.matchAll(stamp)) {
    const sent = Number(match[1])
    // Tokens written before a late reader joined are replayed, not live: they say nothing of latency.
    if (sent >= ignoreBefore) result.latencies.push(at - sent)
  }
}

/** Reads a Server-Sent Events response, calling `onEvent` with each event's name and data; false stops reading. */
async function readSse(response: Response, onEvent: (event: string, data: string) => boolean | void) {
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`)
  let stopped = false
  const parser = createParser({
    onEvent: ({ event, data }) => {
      if (!stopped && onEvent(event ?? 'message', data) === false) stopped = true
    },
  })
  const decoder = new TextDecoder()
  for await (const bytes of response.body) {
    parser.feed(decoder.decode(bytes as Uint8Array, { stream: true }))
    if (stopped) return
  }
}

const empty = (): ReaderResult => ({ firstText: null, firstEvent: null, latencies: [], chunks: 0, error: null })

/** fetch says only "fetch failed": the socket error that caused it is what tells a reader why. */
function reason(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const cause = error.cause as { code?: string; message?: string } | undefined
  return cause ? `${error.message} (${cause.code ?? cause.message})` : error.message
}

/** A reader of the baseline pass-through. */
export async function readBaseline(url: string, signal?: AbortSignal): Promise<ReaderResult> {
  const result = empty()
  const started = now()
  try {
    const response = await fetch(url, { method: 'POST', signal })
    await readSse(response, (event, data) => {
      if (event === 'done') return false
      onText(result, started, (JSON.parse(data) as { delta: string }).delta)
    })
  } catch (error) {
    if (!signal?.aborted) result.error = reason(error)
  }
  return result
}

export const subscription = `subscription ($artistId: ID!, $regenerate: Boolean) {
  generateArticle(artistId: $artistId, regenerate: $regenerate) {
    __typename
    ... on ArticleChunk { offset delta }
    ... on ArticleError { code message }
  }
}`

/** A reader of the real server, distinct-connections mode (one HTTP request per subscription). */
export async function readDistinct(
  base: string,
  artistId: string,
  options: { signal?: AbortSignal; onFirstText?: () => void; regenerate?: boolean; ignoreBefore?: number } = {},
): Promise<ReaderResult> {
  const result = empty()
  const started = now()
  try {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: subscription, variables: { artistId, regenerate: options.regenerate ?? true } }),
      signal: options.signal,
    })
    await readSse(response, (event, data) => {
      if (event === 'complete') return false
      if (event !== 'next') return
      const payload = JSON.parse(data).data.generateArticle as { __typename: string; delta?: string; code?: string; message?: string }
      if (payload.__typename === 'ArticleChunk') {
        onText(result, started, payload.delta!, options.ignoreBefore)
        if (result.chunks === 1) options.onFirstText?.()
      } else if (payload.__typename === 'ArticleError') {
        result.error = payload.code!
      }
    })
  } catch (error) {
    if (!options.signal?.aborted) result.error = reason(error)
  }
  return result
}

/** A reader of the real server, single-connection mode (graphql-sse's own client, one per reader). */
export function readSingle(base: string, artistId: string): Promise<ReaderResult> {
  const result = empty()
  const started = now()
  const client = createClient({ url: `${base}/graphql/stream`, singleConnection: true, retryAttempts: 0 })
  return new Promise((resolve) => {
    client.subscribe<{ generateArticle: { __typename: string; delta?: string; code?: string } }>(
      { query: subscription, variables: { artistId, regenerate: true } },
      {
        next: ({ data }) => {
          const payload = data!.generateArticle
          if (payload.__typename === 'ArticleChunk') onText(result, started, payload.delta!)
          else if (payload.__typename === 'ArticleError') result.error = payload.code!
        },
        error: (error) => {
          result.error = reason(error)
          client.dispose()
          resolve(result)
        },
        complete: () => {
          client.dispose()
          resolve(result)
        },
      },
    )
  })
}

/**
 * A reader for thousands at once, on a bare socket: one request, then frames counted and stamps
 * read with a regular expression, no SSE or JSON parser. The fan-out measures the server; a
 * fetch and a parser per reader would make the reading process the bottleneck instead.
 */
export function readLight(base: string, artistId: string, onMetadata?: () => void): Promise<ReaderResult> {
  const url = new URL(base)
  const body = JSON.stringify({ query: subscription, variables: { artistId, regenerate: false } })
  const result = empty()
  const started = now()
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname)
    let pending = ''
    let headed = false
    let ended = false
    const finish = (error: string | null) => {
      if (ended) return
      ended = true
      result.error ??= error
      socket.destroy()
      resolve(result)
    }
    socket.setEncoding('utf8')
    socket.on('connect', () =>
      socket.write(
        `POST /graphql HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json\r\naccept: text/event-stream\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
      ),
    )
    socket.on('data', (data: string) => {
      const at = now()
      pending += data
      if (!headed) {
        const head = pending.indexOf('\r\n\r\n')
        if (head < 0) return
        if (!pending.startsWith('HTTP/1.1 200')) return finish(pending.slice(0, pending.indexOf('\r\n')))
        headed = true
        pending = pending.slice(head + 4)
      }
      const last = pending.lastIndexOf('\n\n')
      if (last < 0) return
      const frames = pending.slice(0, last)
      pending = pending.slice(last + 2)
      result.firstEvent ??= at - started
      if (frames.includes('"ArticleMetadata"')) onMetadata?.()
      for (const match of frames.matchAll(stamp)) {
        result.firstText ??= at - started
        result.chunks++
        result.latencies.push(at - Number(match[1]))
      }
      if (frames.includes('"ArticleError"')) result.error = /"code":"(\w+)"/.exec(frames)?.[1] ?? 'ArticleError'
      if (frames.includes('event: complete')) finish(null)
    })
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message))
    socket.on('close', () => finish('closed before the end'))
  })
}

/**
 * The same light reader over graphql-ws (what Apollo's GraphQLWsLink and Postman speak): one
 * WebSocket, `connection_init`, one `subscribe`, then messages counted and stamps read with a
 * regular expression, as `readLight` does for SSE.
 */
export function readWsLight(base: string, artistId: string, onMetadata?: () => void): Promise<ReaderResult> {
  const result = empty()
  const started = now()
  return new Promise((resolve) => {
    const socket = new WebSocket(`${base.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { perMessageDeflate: false })
    let ended = false
    const finish = (error: string | null) => {
      if (ended) return
      ended = true
      result.error ??= error
      socket.terminate()
      resolve(result)
    }
    socket.on('open', () => socket.send('{"type":"connection_init"}'))
    socket.on('message', (data: Buffer) => {
      const at = now()
      const message = data.toString('utf8')
      if (message.startsWith('{"type":"connection_ack"')) {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: subscription, variables: { artistId, regenerate: false } } }))
        return
      }
      if (message.includes('"type":"ping"')) return void socket.send('{"type":"pong"}')
      if (message.includes('"type":"complete"')) return finish(null)
      if (message.includes('"type":"error"')) return finish('error')
      result.firstEvent ??= at - started
      if (message.includes('"ArticleMetadata"')) onMetadata?.()
      for (const match of message.matchAll(stamp)) {
        result.firstText ??= at - started
        result.chunks++
        result.latencies.push(at - Number(match[1]))
      }
      if (message.includes('"ArticleError"')) result.error = /"code":"(\w+)"/.exec(message)?.[1] ?? 'ArticleError'
    })
    socket.on('error', (error: NodeJS.ErrnoException) => finish(error.code ?? error.message))
    socket.on('close', () => finish('closed before the end'))
  })
}
