import type { IncomingMessage, ServerResponse } from 'node:http'
import { sendNodeResponse } from '@whatwg-node/server'
import type { App } from '../yoga.ts'
import { eventStreamOf } from './event-stream.ts'
import { serve, type FrameSink } from './pump.ts'

/** Frames held for one turn beyond this many bytes make a reader wait for that turn's write. */
const turnBytes = 16_384

export interface NodeSink extends FrameSink {
  /** Lets go of the socket's events (the socket may carry other streams: single-connection mode). */
  release(): void
}

/**
 * A Node response as a frame sink. Frames go out at most once per turn of the event loop, corked
 * into one writev: a reader that is behind (thousands of readers, one generation) gets the frames
 * it lacks in one system call, each the shared bytes as they are, with no copy per reader.
 */
export function nodeSink(res: ServerResponse, stopped?: AbortSignal): NodeSink {
  let pending: (string | Uint8Array)[] = []
  let bytes = 0
  let written: Promise<void> | null = null
  let wake: () => void = () => {}
  // A stream of its own ends with its socket; one of several on a socket ends when told (stopped).
  const gone = new AbortController()
  const onGone = () => gone.abort()
  if (stopped) stopped.addEventListener('abort', onGone, { once: true })
  else res.once('close', onGone)
  if (res.destroyed || stopped?.aborted) gone.abort()
  const flush = () => {
    const frames = pending
    pending = []
    bytes = 0
    written = null
    wake()
    if (!frames.length || res.destroyed || res.writableEnded) return
    res.cork()
    for (const frame of frames) res.write(frame)
    res.uncork()
  }
  return {
    signal: gone.signal,
    write(frame) {
      bytes += frame.length
      if (pending.push(frame) > 1) return
      written = new Promise<void>((resolve) => (wake = resolve))
      setImmediate(flush)
    },
    get full() {
      return res.writableNeedDrain || bytes >= turnBytes
    },
    async room() {
      if (bytes >= turnBytes) await written
      if (!res.writableNeedDrain) return !res.destroyed
      return new Promise<boolean>((resolve) => {
        const done = (ok: boolean) => () => {
          res.off('drain', onDrain)
          gone.signal.removeEventListener('abort', onAbort)
          resolve(ok)
        }
        const onDrain = done(true)
        const onAbort = done(false)
        res.once('drain', onDrain)
        gone.signal.addEventListener('abort', onAbort, { once: true })
      })
    },
    flush,
    end(last) {
      flush()
      if (!res.writableEnded && !res.destroyed) res.end(last)
    },
    release() {
      res.off('close', onGone)
      stopped?.removeEventListener('abort', onGone)
    },
  }
}

/**
 * The Node adapter of the GraphQL endpoint: a Node request in, yoga's Web `Response` out. An
 * event stream is written by `serve` into the socket (its frames built once for every reader);
 * anything else is sent as yoga would send it.
 */
export function nodeHandler(app: App) {
  async function handle(req: IncomingMessage, res: ServerResponse) {
    const response = await app.handleNodeRequestAndResponse(req, res, { req, res })
    const stream = eventStreamOf(response)
    if (!stream) return sendNodeResponse(response, res, req, true)
    const headers: Record<string, string> = {}
    response.headers.forEach((value, key) => (headers[key] = value))
    res.writeHead(response.status, headers)
    const sink = nodeSink(res)
    try {
      await serve(stream, sink)
    } finally {
      sink.release()
    }
  }
  return (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' }).end('{"errors":[{"message":"Unexpected error."}]}')
      else res.destroy()
    })
  }
}
