import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** How the fake model answers one request. */
export interface Behaviour {
  /** Text pieces to stream, or how many `word{n} ` pieces. @default 30 */
  tokens?: string[] | number
  /** Delay between pieces. @default 2 */
  paceMs?: number
  /** Answer with this HTTP status and an error body instead of a stream. */
  status?: number
  /** `retry-after` seconds sent with `status`. */
  retryAfter?: number
  /** Destroy the socket after this many pieces. */
  dropAfter?: number
  /** Stop sending, without ending, after this many pieces. */
  stallAfter?: number
  /** Send a usage chunk at the end (as with `stream_options.include_usage`). @default true */
  usage?: boolean
  /**
   * Stream these `data:` payloads as they are (a recorded provider stream, one JSON text each),
   * `paceMs` apart, then `data: [DONE]`, instead of generated pieces.
   */
  replay?: string[]
  /** Refuse a request that sends this parameter, with OpenAI's HTTP 400 `unsupported_parameter` answer. */
  rejectParam?: string
  /** Wait for `open` before sending piece `before` (the number of pieces: before the end of the stream). */
  gate?: { before: number; open: Promise<unknown> }
}

export interface RecordedRequest {
  /** The request's headers as received (where the SDK puts the API key). */
  headers: Record<string, string | string[] | undefined>
  body: { model: string; messages: { role: string; content: string }[]; stream?: boolean; stream_options?: unknown; max_tokens?: number; max_completion_tokens?: number }
  startedAt: number
  /** performance.now() when the exchange ended, however it ended. */
  endedAt: number | null
  /** completed: sent [DONE]; client-closed: the client hung up first; dropped: we cut it; rejected: error status. */
  outcome: 'open' | 'completed' | 'client-closed' | 'dropped' | 'rejected'
  tokensSent: number
}

export interface FakeModel {
  /** Base URL to give the openai SDK, ending in /v1 (once listening). */
  readonly url: string
  listen(): Promise<void>
  requests: RecordedRequest[]
  /** Sets how the next requests are answered, in order; later ones use the default. */
  script(...behaviours: Behaviour[]): void
  setDefault(behaviour: Behaviour): void
  /** Resolves once request `index` has ended. */
  ended(index: number, timeoutMs?: number): Promise<RecordedRequest>
  close(): Promise<void>
}

const piece = (tokens: string[] | number | undefined, i: number) =>
  Array.isArray(tokens) ? tokens[i]! : `word${i} `

/**
 * A real HTTP server speaking OpenAI's streaming chat-completions protocol, so the tests exercise
 * the real `openai` SDK path, with switches for pace, failures and stalls, and a record of how
 * each request ended.
 */
export async function startFakeModel(): Promise<FakeModel> {
  const model = createFakeModel()
  await model.listen()
  return model
}

/** The fake model, not listening yet: `listen()` before use. */
export function createFakeModel(): FakeModel {
  const requests: RecordedRequest[] = []
  const queue: Behaviour[] = []
  let fallback: Behaviour = {}
  const waiters = new Set<() => void>()
  const settle = (record: RecordedRequest, outcome: RecordedRequest['outcome']) => {
    if (record.outcome !== 'open') return
    record.outcome = outcome
    record.endedAt = performance.now()
    for (const wake of waiters) wake()
  }

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
      res.writeHead(404).end()
      return
    }
    let raw = ''
    for await (const data of req) raw += data
    const record: RecordedRequest = { headers: { ...req.headers }, body: JSON.parse(raw), startedAt: performance.now(), endedAt: null, outcome: 'open', tokensSent: 0 }
    requests.push(record)
    const behaviour = queue.shift() ?? fallback
    res.on('close', () => settle(record, res.writableFinished ? 'completed' : 'client-closed'))

    if (behaviour.rejectParam && behaviour.rejectParam in record.body) {
      // OpenAI's answer to `max_tokens` on its reasoning models (o-series, gpt-5).
      const other = behaviour.rejectParam === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens'
      res.writeHead(400, { 'content-type': 'application/json' })
      res.end(
        JSON.stringify({
          error: {
            message: `Unsupported parameter: '${behaviour.rejectParam}' is not supported with this model. Use '${other}' instead.`,
            type: 'invalid_request_error',
            param: behaviour.rejectParam,
            code: 'unsupported_parameter',
          },
        }),
      )
      settle(record, 'rejected')
      return
    }

    if (behaviour.status) {
      res.writeHead(behaviour.status, {
        'content-type': 'application/json',
        ...(behaviour.retryAfter === undefined ? {} : { 'retry-after': String(behaviour.retryAfter) }),
      })
      res.end(JSON.stringify({ error: { message: `fake failure ${behaviour.status}`, type: 'fake' } }))
      settle(record, 'rejected')
      return
    }

    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
    if (behaviour.replay) {
      for (const payload of behaviour.replay) {
        await new Promise((resolve) => setTimeout(resolve, behaviour.paceMs ?? 0))
        if (res.destroyed) return
        // A payload that is a whole SSE frame (`event: error\ndata: …`) goes out as it is.
        res.write(payload.startsWith('event:') ? `${payload}\n\n` : `data: ${payload}\n\n`)
        record.tokensSent++
      }
      res.end('data: [DONE]\n\n')
      return
    }
    const count = Array.isArray(behaviour.tokens) ? behaviour.tokens.length : (behaviour.tokens ?? 30)
    const id = `chatcmpl-${requests.length}`
    const send = (payload: unknown) => res.write(`data: ${JSON.stringify(payload)}\n\n`)
    const base = { id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: record.body.model }
    send({ ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] })
    for (let i = 0; i < count; i++) {
      if (res.destroyed) return
      if (behaviour.dropAfter === i) {
        // Let what was written reach the client before the cut, as when a proxy dies mid-stream.
        await new Promise((resolve) => setTimeout(resolve, 30))
        settle(record, 'dropped')
        res.socket?.destroy()
        return
      }
      if (behaviour.stallAfter === i) return // keep the socket open, send nothing more
      if (behaviour.gate?.before === i) await behaviour.gate.open
      await new Promise((resolve) => setTimeout(resolve, behaviour.paceMs ?? 2))
      if (res.destroyed) return
      send({ ...base, choices: [{ index: 0, delta: { content: piece(behaviour.tokens, i) }, finish_reason: null }] })
      record.tokensSent++
    }
    if (behaviour.gate?.before === count) await behaviour.gate.open
    if (res.destroyed) return
    send({ ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })
    if (behaviour.usage !== false) {
      send({ ...base, choices: [], usage: { prompt_tokens: 120, completion_tokens: count, total_tokens: 120 + count } })
    }
    res.end('data: [DONE]\n\n')
  })
  return {
    get url() {
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
    },
    listen: () => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
    requests,
    script: (...behaviours) => void queue.push(...behaviours),
    setDefault: (behaviour) => void (fallback = behaviour),
    ended(index, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const record = requests[index]
          if (record && record.outcome !== 'open') {
            waiters.delete(check)
            clearTimeout(timer)
            resolve(record)
          }
        }
        const timer = setTimeout(() => {
          waiters.delete(check)
          reject(new Error(`fake model request ${index} did not end in ${timeoutMs} ms`))
        }, timeoutMs)
        waiters.add(check)
        check()
      })
    },
    close() {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
