import type { ExecutionResult } from 'graphql'

/**
 * The bytes of each protocol, built once per result however many readers it goes to: results
 * shared by the readers of one generation (shared-results.ts) are the same objects, so their
 * payload and frames are cached on them.
 */

/** How one kind of event stream is written: its content type, first bytes, frames, ending and keep-alive. */
export interface Framing {
  contentType: string
  /** Written at once: some browsers show nothing until the body's first bytes arrive. */
  opening: string
  frame(result: ExecutionResult): string | Uint8Array
  /** Written when the results end (not when they fail: the stream is then cut, as yoga's is). */
  ending: string
  /** What keeps an idle stream alive, and how often. */
  keepAlive: { bytes: string; everyMs: number }
}

const payloads = new WeakMap<object, string>()

/**
 * The result as a client may see it, without what is for the server only: the `http` extension
 * that sets a status, the `unexpected` flag of masked errors. As yoga's serialiser does (it does
 * not export it); the same object when there is nothing to take out.
 */
export function forClient(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length && !result.extensions) return result
  const errors = result.errors?.map((error) => {
    const { extensions, ...rest } = typeof error.toJSON === 'function' ? error.toJSON() : error
    const { http: _http, unexpected: _unexpected, ...kept } = (extensions ?? {}) as Record<string, unknown>
    return { ...rest, ...(Object.keys(kept).length ? { extensions: kept } : {}) }
  })
  const { http: _http, ...extensions } = (result.extensions ?? {}) as Record<string, unknown>
  return { ...result, errors, extensions: Object.keys(extensions).length ? extensions : undefined } as ExecutionResult
}

const serialise = (result: ExecutionResult): string => JSON.stringify(forClient(result))

/** The payload of a result, serialised once however many readers it goes to. */
export function payloadOf(result: ExecutionResult): string {
  let payload = payloads.get(result)
  if (payload === undefined) payloads.set(result, (payload = serialise(result)))
  return payload
}

/** A frame per result, as bytes built once. */
function cachedFrames(build: (payload: string) => string) {
  const frames = new WeakMap<object, Uint8Array>()
  return (result: ExecutionResult): Uint8Array => {
    let frame = frames.get(result)
    if (!frame) frames.set(result, (frame = Buffer.from(build(payloadOf(result)))))
    return frame
  }
}

/** GraphQL over SSE, distinct connections: `next` events, then `complete`. */
export const sseFraming = (pingMs: number): Framing => ({
  contentType: 'text/event-stream',
  opening: ':\n\n',
  frame: sseFrame,
  ending: 'event: complete\ndata:\n\n',
  keepAlive: { bytes: ':\n\n', everyMs: pingMs },
})
const sseFrame = cachedFrames((payload) => `event: next\ndata: ${payload}\n\n`)

/**
 * Apollo's multipart subscriptions (`multipart/mixed;subscriptionSpec="1.0"`, what Apollo Client's
 * HttpLink asks for): each result is a part `{"payload": result}` after the boundary, a part `{}`
 * is a heartbeat, and the closing boundary ends the stream. Apollo's clients expect a heartbeat at
 * least every few seconds (its router sends one every 5 s).
 */
const BOUNDARY = '\r\n--graphql'
const PART = '\r\ncontent-type: application/json; charset=utf-8\r\n\r\n'
export const apolloFraming = (pingMs: number): Framing => ({
  contentType: 'multipart/mixed; boundary="graphql"; subscriptionSpec="1.0"',
  opening: BOUNDARY,
  frame: apolloFrame,
  ending: '--\r\n',
  keepAlive: { bytes: `${PART}{}${BOUNDARY}`, everyMs: Math.min(pingMs, 5000) },
})
const apolloFrame = cachedFrames((payload) => `${PART}{"payload":${payload}}${BOUNDARY}`)

export const wantsApolloMultipart = (accept: string | null) => /multipart\/mixed[^,]*subscriptionspec/i.test(accept ?? '')

/** One operation's frames on a single-connection stream: the operation id spliced into each. */
export function operationFrames(id: string) {
  const key = JSON.stringify(id)
  const head = `event: next\ndata: {"id":${key},"payload":`
  return {
    frame: (result: ExecutionResult) => `${head}${payloadOf(result)}}\n\n`,
    complete: `event: complete\ndata: {"id":${key}}\n\n`,
  }
}
