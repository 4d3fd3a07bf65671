import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { ExecutionResult } from 'graphql'
import { isAsyncIterable, type Plugin } from 'graphql-yoga'
import { createSharedSubscribe, type PollableResults } from './shared-results.ts'

/**
 * Subscription results written straight to the Node response.
 *
 * Yoga's own SSE processor builds a web ReadableStream per reader, encodes every frame per reader
 * and pipes it into the socket; with one generation read by thousands, that plumbing was most of
 * the server's work. Here a result object shared by many readers (shared-results.ts) is
 * serialised once and its frame bytes written to each reader, at most one write per reader per
 * turn of the event loop. The frames are those of the GraphQL-over-SSE protocol, as yoga writes
 * them (distinct connections) or as the single-connection stream carries them (the operation id
 * spliced in). Error-free results the generation already holds are taken without going through
 * yoga's per-result hooks, whose only work on a subscription's results is masking errors; a
 * result with errors always goes through them.
 */

/** Where a single-connection operation's events go: the stream its reservation holds. */
export interface OperationSink {
  /** The operation's id, as the client chose it. */
  id: string
  /** Aborted when the client stops the operation, or its stream ends. */
  signal: AbortSignal
  /** The operation is accepted and its events start: answers its request, then waits for its stream (null when gone). */
  open(): Promise<ServerResponse | null>
}

export interface EventStreamContext {
  req?: IncomingMessage
  res?: ServerResponse
  /** Set for an operation of the single-connection stream. */
  sink?: OperationSink
}

const payloads = new WeakMap<object, string>()
const frames = new WeakMap<object, Buffer>()

/**
 * The result as JSON for a client, without what is for the server only: the `http` extension that
 * sets a status, the `unexpected` flag of masked errors. As yoga's serialiser does (it does not export it).
 */
function serialise(result: ExecutionResult): string {
  if (!result.errors?.length && !result.extensions) return JSON.stringify(result)
  const errors = result.errors?.map((error) => {
    const { extensions, ...rest } = error.toJSON()
    const { http: _http, unexpected: _unexpected, ...kept } = (extensions ?? {}) as Record<string, unknown>
    return { ...rest, ...(Object.keys(kept).length ? { extensions: kept } : {}) }
  })
  const { http: _http, ...extensions } = (result.extensions ?? {}) as Record<string, unknown>
  return JSON.stringify({ ...result, errors, extensions: Object.keys(extensions).length ? extensions : undefined })
}

/** The payload of a result, serialised once however many readers it goes to. */
function payloadOf(result: ExecutionResult): string {
  let payload = payloads.get(result)
  if (payload === undefined) payloads.set(result, (payload = serialise(result)))
  return payload
}

/** A distinct-connection frame, as bytes built once. */
function distinctFrame(result: ExecutionResult): Buffer {
  let frame = frames.get(result)
  if (!frame) frames.set(result, (frame = Buffer.from(`event: next\ndata: ${payloadOf(result)}\n\n`)))
  return frame
}

const COMPLETE = 'event: complete\ndata:\n\n'

/**
 * Apollo's multipart subscriptions (`multipart/mixed;subscriptionSpec="1.0"`, what Apollo Client's
 * HttpLink asks for): each result is a part `{"payload": result}` after the boundary, a part `{}`
 * is a heartbeat, and the closing boundary ends the stream.
 */
const BOUNDARY = '\r\n--graphql'
const multipartHeartbeat = `\r\ncontent-type: application/json; charset=utf-8\r\n\r\n{}${BOUNDARY}`
const multipartFrames = new WeakMap<object, Buffer>()
function multipartFrame(result: ExecutionResult): Buffer {
  let frame = multipartFrames.get(result)
  if (!frame) multipartFrames.set(result, (frame = Buffer.from(`\r\ncontent-type: application/json; charset=utf-8\r\n\r\n{"payload":${payloadOf(result)}}${BOUNDARY}`)))
  return frame
}
const wantsApolloMultipart = (accept: string | null) => /multipart\/mixed[^,]*subscriptionspec/i.test(accept ?? '')

/** Resolves once the socket can take more (true), or is gone (false). */
function writable(res: ServerResponse): Promise<boolean> {
  if (!res.writableNeedDrain) return Promise.resolve(!res.destroyed)
  return new Promise<boolean>((resolve) => {
    const done = (ok: boolean) => () => {
      res.off('drain', onDrain)
      res.off('close', onClose)
      resolve(ok)
    }
    const onDrain = done(true)
    const onClose = done(false)
    res.once('drain', onDrain)
    res.once('close', onClose)
  })
}

/** Frames held for one turn beyond this many bytes make a reader wait for that turn's write. */
const turnBytes = 16_384

/**
 * Writes frames to a socket at most once per turn of the event loop: a reader that is behind
 * (thousands of readers, one generation) gets the frames it lacks in one system call, not one each.
 */
function batched(res: ServerResponse) {
  let pending: (string | Buffer)[] = []
  let bytes = 0
  let written: Promise<void> | null = null
  let wake: () => void = () => {}
  const flush = () => {
    const frames = pending
    pending = []
    bytes = 0
    written = null
    wake()
    if (!frames.length || res.destroyed || res.writableEnded) return
    // Corked, the frames leave in one writev, each the shared bytes as they are: no copy per reader.
    res.cork()
    for (const frame of frames) res.write(frame)
    res.uncork()
  }
  return {
    write(frame: string | Buffer) {
      bytes += frame.length
      if (pending.push(frame) > 1) return
      written = new Promise<void>((resolve) => (wake = resolve))
      setImmediate(flush)
    },
    /** Whether the reader must wait before taking more: the socket is full, or this turn holds enough. */
    get full() {
      return res.writableNeedDrain || bytes >= turnBytes
    },
    /** Resolves once there is room again (true), or the socket is gone (false). */
    async room(): Promise<boolean> {
      if (bytes >= turnBytes) await written
      return writable(res)
    },
    flush,
  }
}

/**
 * Copies results onto a socket as fast as its reader takes them: the next result is asked for
 * only once the socket has room, so a reader that stops reading stops its own pull, and the
 * generation drops it. What a reader behind the others lacks and the generation holds is taken
 * at once (`poll`), without a turn per event. Resolves true when the results ended, false when
 * the reader went away.
 */
async function pump(
  results: AsyncIterator<ExecutionResult>,
  fast: PollableResults | undefined,
  res: ServerResponse,
  frame: (result: ExecutionResult) => string | Buffer,
  stopped: AbortSignal,
  delivered: () => void,
) {
  // A plain flag: the signal's getter is checked on every event of every reader.
  let isStopped = stopped.aborted
  const stop = () => {
    isStopped = true
    void results.return?.()
  }
  stopped.addEventListener('abort', stop, { once: true })
  const out = batched(res)
  const gone = () => isStopped || res.destroyed
  try {
    for (;;) {
      if ((out.full && !(await out.room())) || gone()) return false
      // What the generation holds goes out at once; a reader keeping up waits for the next event
      // with one promise, not a chain of them through every layer.
      let ready = fast?.poll() ?? 'next'
      while (typeof ready === 'object') {
        out.write(frame(ready))
        delivered()
        ready = out.full ? 'wait' : fast!.poll()
      }
      if (ready === 'done') {
        void results.return?.()
        return true
      }
      if (out.full) continue
      if (ready === 'wait') {
        await fast!.wait()
        if (gone()) return false
        continue
      }
      const step = await results.next()
      if (step.done) return true
      if (gone()) return false
      out.write(frame(step.value))
      delivered()
    }
  } catch {
    // The results failed or were stopped while waiting: the stream ends here.
    return false
  } finally {
    out.flush()
    stopped.removeEventListener('abort', stop)
    if (gone()) void results.return?.()
  }
}

export interface EventStreamOptions {
  /** Headers every response carries for this request's origin (CORS). */
  originHeaders: (req: IncomingMessage) => OutgoingHttpHeaders
  /** @default 12000, as yoga */
  pingMs?: number
  /** Counts executions and deliveries, for the metrics. */
  counters?: { executed(): void; delivered(): void }
}

/**
 * The yoga plugin: shared execution for every subscription, and for those answered over SSE to a
 * Node response (or a single-connection stream), direct writes. Anything else (a Fetch API
 * caller) keeps yoga's own processor.
 */
export function useEventStreams({ originHeaders, pingMs = 12_000, counters }: EventStreamOptions): Plugin<EventStreamContext> {
  // The shared results of each request, taken below yoga's per-result hooks when they are ready
  // and error-free (what those hooks, error masking, leave as it is).
  const pollable = new WeakMap<Request, PollableResults>()
  const sharedSubscribe = createSharedSubscribe({ executed: counters?.executed, opened: (request, results) => pollable.set(request, results) })
  const delivered = counters?.delivered ?? (() => {})
  const subscriptions = new WeakSet<Request>()
  // One timer keeps every idle stream alive, rather than one per reader.
  const open = new Set<ServerResponse>()
  const ping = setInterval(() => {
    for (const res of open) if (!res.writableNeedDrain) res.write(':\n\n')
  }, pingMs)
  ping.unref()

  /** How one kind of HTTP stream is written: its content type, first bytes, frames, ending and keep-alive. */
  interface HttpFraming {
    contentType: string
    /** Written at once: some browsers show nothing until the body's first bytes arrive. */
    opening: string
    frame: (result: ExecutionResult) => string | Buffer
    /** Written when the results end (not when they fail, as yoga's stream errors). */
    ending: string
    /** What keeps an idle stream alive, and how often; SSE streams share one timer for all. */
    keepAlive: { bytes: string; everyMs: number } | 'shared'
  }

  const sseFraming: HttpFraming = { contentType: 'text/event-stream', opening: ':\n\n', frame: distinctFrame, ending: COMPLETE, keepAlive: 'shared' }
  // Apollo's clients expect a heartbeat at least every few seconds (the router sends one every 5 s).
  const apolloFraming: HttpFraming = {
    contentType: 'multipart/mixed; boundary="graphql"; subscriptionSpec="1.0"',
    opening: BOUNDARY,
    frame: multipartFrame,
    ending: '--\r\n',
    keepAlive: { bytes: multipartHeartbeat, everyMs: Math.min(pingMs, 5000) },
  }

  /** A subscription answered on its own Node response, as SSE or as Apollo's multipart. */
  async function respond(framing: HttpFraming, results: AsyncIterator<ExecutionResult>, fast: PollableResults | undefined, req: IncomingMessage, res: ServerResponse) {
    res.writeHead(200, {
      ...originHeaders(req),
      'content-type': framing.contentType,
      connection: 'keep-alive',
      'cache-control': 'no-cache',
      'content-encoding': 'none',
      'x-accel-buffering': 'no',
    })
    res.write(framing.opening)
    const { keepAlive } = framing
    const own = keepAlive === 'shared' ? undefined : setInterval(() => !res.writableNeedDrain && res.write(keepAlive.bytes), keepAlive.everyMs)
    if (keepAlive === 'shared') open.add(res)
    const gone = new AbortController()
    const onClose = () => gone.abort()
    res.once('close', onClose)
    try {
      const ended = await pump(results, fast, res, framing.frame, gone.signal, delivered)
      if (!res.writableEnded && !res.destroyed) res.end(ended ? framing.ending : undefined)
    } finally {
      clearInterval(own)
      open.delete(res)
      res.off('close', onClose)
    }
  }

  async function single(results: AsyncIterator<ExecutionResult>, fast: PollableResults | undefined, sink: OperationSink) {
    const res = await sink.open()
    if (!res || sink.signal.aborted) return void results.return?.()
    const id = JSON.stringify(sink.id)
    const head = `event: next\ndata: {"id":${id},"payload":`
    const frame = (result: ExecutionResult) => `${head}${payloadOf(result)}}\n\n`
    if ((await pump(results, fast, res, frame, sink.signal, delivered)) && !res.writableEnded) res.write(`event: complete\ndata: {"id":${id}}\n\n`)
  }

  return {
    onSubscribe({ args, setSubscribeFn }) {
      setSubscribeFn(sharedSubscribe)
      const request = (args.contextValue as { request?: Request }).request
      if (request) subscriptions.add(request)
    },
    onResultProcess({ request, result, resultProcessor, setResultProcessor, serverContext }) {
      // Only a subscription's stream of results is ours to write: over SSE, which yoga would
      // answer too, or as Apollo's multipart subscriptions, which yoga does not know.
      if (!isAsyncIterable(result) || !subscriptions.has(request)) return
      const { req, res, sink } = serverContext as EventStreamContext
      if (!sink && !(req && res)) return
      const apollo = !sink && wantsApolloMultipart(request.headers.get('accept'))
      if (!resultProcessor && !apollo) return
      setResultProcessor(async (_result, fetchAPI) => {
        const results = (result as AsyncIterable<ExecutionResult>)[Symbol.asyncIterator]()
        const fast = pollable.get(request)
        if (sink) await single(results, fast, sink)
        else await respond(apollo ? apolloFraming : sseFraming, results, fast, req!, res!)
        // The response is already written; the adapter sends nothing for an ended one.
        return new fetchAPI.Response(null, { status: 200 })
      }, apollo ? 'multipart/mixed' : 'text/event-stream')
    },
    onDispose: () => clearInterval(ping),
  }
}
