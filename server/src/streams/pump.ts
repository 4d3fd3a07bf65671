import type { ExecutionResult } from 'graphql'
import type { Framing } from './frames.ts'
import { isReader, type Step } from './reader.ts'

/**
 * Where a transport's frames go: a Node socket (node.ts), a web stream (`webBody` below), a test's
 * array. Everything above it (which results, in which frames, how fast) is the same for all.
 */
export interface FrameSink {
  write(frame: string | Uint8Array): void
  /** Whether the reader must wait for `room()` before taking more. */
  readonly full: boolean
  /** Resolves true once the sink can take more, false when its reader is gone. */
  room(): Promise<boolean>
  /** Aborted when the reader goes away. */
  readonly signal: AbortSignal
  /** Sends what is held now. */
  flush(): void
  /** Ends the stream, with these last bytes. */
  end(last?: string): void
}

/** A subscription's results, ready to be written by whichever transport asked for them. */
export interface EventStream {
  results: AsyncIterator<ExecutionResult>
  framing: Framing
  /** Told of each result written (for the metrics). */
  delivered: () => void
}

const noop = () => {}

/**
 * Copies results into a sink as fast as its reader takes them: the next result is asked for only
 * once the sink has room, so a reader that stops reading stops its own pull, and the generation
 * drops it (READER_TOO_SLOW). What a reader behind the others lacks and the generation holds is
 * taken at once (`poll`), without a turn per event. Resolves true when the results ended, false
 * when the reader went away (or `stopped` was aborted) or the results failed.
 */
export async function pump(
  results: AsyncIterator<ExecutionResult>,
  sink: FrameSink,
  frame: (result: ExecutionResult) => string | Uint8Array,
  delivered: () => void = noop,
  stopped?: AbortSignal,
): Promise<boolean> {
  const reader = isReader<ExecutionResult>(results) ? results : null
  // A plain flag: the signals' getters would be read on every event of every reader.
  let isStopped = false
  const stop = () => {
    isStopped = true
    void results.return?.()
  }
  const signals = stopped ? [sink.signal, stopped] : [sink.signal]
  for (const signal of signals) signal.addEventListener('abort', stop, { once: true })
  if (signals.some((signal) => signal.aborted)) stop()
  try {
    for (;;) {
      if ((sink.full && !(await sink.room())) || isStopped) return false
      // What the generation holds goes out at once; a reader keeping up waits for the next event
      // with one promise, not a chain of them through every layer.
      let step: Step<ExecutionResult> = reader ? reader.poll() : 'next'
      while (typeof step === 'object' && !step.done) {
        sink.write(frame(step.value))
        delivered()
        if (sink.full) break
        step = reader!.poll()
      }
      if (sink.full) continue
      if (typeof step === 'object') {
        void results.return?.()
        return true
      }
      if (step === 'wait') {
        await reader!.wait()
        if (isStopped) return false
        continue
      }
      const next = await results.next()
      if (next.done) return true
      if (isStopped) return false
      sink.write(frame(next.value))
      delivered()
    }
  } catch {
    // The results failed or were stopped while waiting: the stream ends here.
    return false
  } finally {
    sink.flush()
    for (const signal of signals) signal.removeEventListener('abort', stop)
    if (isStopped) void results.return?.()
  }
}

/** One timer per period keeps every idle stream alive, rather than one per reader. */
const keepers = new Map<number, { timer: NodeJS.Timeout; sinks: Map<FrameSink, string> }>()
function keepAlive(sink: FrameSink, { bytes, everyMs }: Framing['keepAlive']): () => void {
  let keeper = keepers.get(everyMs)
  if (!keeper) {
    const sinks = new Map<FrameSink, string>()
    const timer = setInterval(() => {
      for (const [each, ping] of sinks) if (!each.full) each.write(ping)
    }, everyMs)
    timer.unref()
    keepers.set(everyMs, (keeper = { timer, sinks }))
  }
  const { sinks, timer } = keeper
  sinks.set(sink, bytes)
  return () => {
    sinks.delete(sink)
    if (!sinks.size && keepers.get(everyMs)?.timer === timer) {
      clearInterval(timer)
      keepers.delete(everyMs)
    }
  }
}

/** A whole event stream into a sink: its first bytes, the results, kept alive while idle, and its ending. */
export async function serve({ results, framing, delivered }: EventStream, sink: FrameSink): Promise<void> {
  sink.write(framing.opening)
  sink.flush()
  const stop = keepAlive(sink, framing.keepAlive)
  try {
    const ended = await pump(results, sink, framing.frame, delivered)
    if (!sink.signal.aborted) sink.end(ended ? framing.ending : undefined)
  } finally {
    stop()
  }
}

/**
 * An event stream as a web `ReadableStream`, for a caller of the Fetch API (a test, another
 * runtime): frames go out one per read, each as the reader asks for it, so backpressure holds as
 * on a socket. Nothing runs until the body is read.
 */
export function webBody(stream: EventStream, ReadableStreamImpl: typeof ReadableStream = ReadableStream): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder()
  const gone = new AbortController()
  let controller!: ReadableStreamDefaultController<Uint8Array>
  let demand = false
  let ended = false
  let roomy: ((ok: boolean) => void) | null = null
  const wake = (ok: boolean) => {
    const resolve = roomy
    roomy = null
    resolve?.(ok)
  }
  const sink: FrameSink = {
    signal: gone.signal,
    write(frame) {
      if (ended || gone.signal.aborted) return
      demand = false
      controller.enqueue(typeof frame === 'string' ? encoder.encode(frame) : frame)
    },
    get full() {
      return !demand
    },
    room() {
      if (gone.signal.aborted) return Promise.resolve(false)
      if (demand) return Promise.resolve(true)
      return new Promise<boolean>((resolve) => (roomy = resolve))
    },
    flush() {},
    end(last) {
      if (ended) return
      if (last) sink.write(last)
      ended = true
      controller.close()
    },
  }
  let started = false
  return new ReadableStreamImpl<Uint8Array>(
    {
      start(c) {
        controller = c
      },
      pull() {
        demand = true
        if (!started) {
          started = true
          void serve(stream, sink).finally(() => {
            if (!ended && !gone.signal.aborted) {
              ended = true
              controller.close()
            }
          })
        }
        wake(true)
      },
      cancel() {
        gone.abort()
        wake(false)
      },
    },
    { highWaterMark: 0 },
  )
}
