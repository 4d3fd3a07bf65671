import type { ExecutionResult } from 'graphql'
import { isAsyncIterable, withState, type Plugin } from 'graphql-yoga'
import { apolloFraming, sseFraming, wantsApolloMultipart } from './frames.ts'
import { webBody, type EventStream } from './pump.ts'
import { isReader, type Reader } from './reader.ts'
import { createSharedSubscribe } from './shared-results.ts'

/**
 * The yoga plugin where every subscription's results leave the GraphQL pipeline.
 *
 * Subscribing, it sets the shared subscribe function (shared-results.ts): readers of one
 * generation with the same selection share each event's execution. Answering, it hands the results
 * over as an `EventStream` (results, framing, counter) carried by the `Response`: the Node adapter
 * (node.ts) and the single-connection stream write it into their sockets through the same pump;
 * any other caller of the Fetch API reads the same frames from the body. Error-free results the
 * generation already holds are taken from the shared reader itself, below yoga's per-result hooks,
 * whose only work on a subscription's results is masking errors; a result with errors always goes
 * through them.
 */

const EVENT_STREAM = Symbol('eventStream')

/** The event stream a response carries, when it answers a subscription. */
export const eventStreamOf = (response: Response): EventStream | undefined => (response as { [EVENT_STREAM]?: EventStream })[EVENT_STREAM]

/** Results that are the shared reader's below the pipeline's wrapping: next() through the hooks, poll() straight from the reader. */
function withReader(results: AsyncIterator<ExecutionResult>, reader: Reader<ExecutionResult>): Reader<ExecutionResult> {
  const combined: Reader<ExecutionResult> = {
    next: () => results.next(),
    return: () => results.return?.() ?? reader.return!(),
    poll: () => reader.poll(),
    wait: () => reader.wait(),
    [Symbol.asyncIterator]: () => combined,
  }
  return combined
}

export interface EventStreamOptions {
  /** @default 12000, as yoga */
  pingMs?: number
  /** Counts executions and deliveries, for the metrics. */
  counters?: { executed(): void; delivered(): void }
}

interface State {
  /** The shared results of this request's subscription, before yoga's hooks wrap them. */
  reader: Reader<ExecutionResult>
  subscribed: boolean
}

export interface EventStreamsPlugin extends Plugin {
  /** The shared reader of a request's subscription, for a transport that takes results itself (graphql-ws.ts). */
  readerOf(request: Request): Reader<ExecutionResult> | undefined
}

export function useEventStreams({ pingMs = 12_000, counters }: EventStreamOptions = {}): EventStreamsPlugin {
  const sharedSubscribe = createSharedSubscribe({ executed: counters?.executed })
  const delivered = counters?.delivered ?? (() => {})
  const sse = sseFraming(pingMs)
  const apollo = apolloFraming(pingMs)
  let stateOf: (request: Request) => Partial<State> = () => ({})
  const plugin = withState<Plugin, State>((getState) => {
    stateOf = (request) => getState({ request }).forRequest
    return {
      onSubscribe({ setSubscribeFn, state }) {
        setSubscribeFn(sharedSubscribe)
        state.forRequest.subscribed = true
        return {
          // Ours runs before yoga's masking wraps the results: this is the shared reader itself.
          onSubscribeResult({ result }) {
            if (isReader<ExecutionResult>(result)) state.forRequest.reader = result
          },
        }
      },
      onResultProcess({ request, result, resultProcessor, setResultProcessor, state }) {
        // Only a subscription's stream of results is ours to write: over SSE, which yoga would
        // answer too, or as Apollo's multipart subscriptions, which yoga does not know.
        if (!isAsyncIterable(result) || !state.forRequest.subscribed) return
        const multipart = wantsApolloMultipart(request.headers.get('accept'))
        if (!resultProcessor && !multipart) return
        const framing = multipart ? apollo : sse
        const { reader } = state.forRequest
        setResultProcessor((_result, fetchAPI) => {
          const iterator = (result as AsyncIterable<ExecutionResult>)[Symbol.asyncIterator]()
          const stream: EventStream = { results: reader ? withReader(iterator, reader) : iterator, framing, delivered }
          const response = new fetchAPI.Response(webBody(stream, fetchAPI.ReadableStream), {
            status: 200,
            headers: {
              'content-type': framing.contentType,
              connection: 'keep-alive',
              'cache-control': 'no-cache',
              'content-encoding': 'none',
              'x-accel-buffering': 'no',
            },
          })
          return Object.assign(response, { [EVENT_STREAM]: stream })
        }, multipart ? 'multipart/mixed' : 'text/event-stream')
      },
    }
  })
  return Object.assign(plugin, { readerOf: (request: Request) => stateOf(request).reader })
}
