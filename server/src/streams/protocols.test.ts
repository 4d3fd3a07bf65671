import { createYoga } from 'graphql-yoga'
import { CloseCode, makeServer, MessageType } from 'graphql-ws'
import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import type { App } from '../yoga.ts'
import { eventStreamOf, useEventStreams } from './event-stream.ts'
import { graphqlWsOptions } from './graphql-ws.ts'
import { eventsOf, schema, settle, source, takenWhileStalled, type Source } from './test-events.ts'

/**
 * The streaming layer in memory, as graphql-sse and yoga test theirs: a Web `Request` in, the
 * protocol's frames out of the `Response` body, no port and no socket. The source stands in for a
 * generation: it holds events (a reader far behind), or makes them as it is asked (one keeping up).
 */

function app(events: () => Source) {
  const counts = { executed: 0, delivered: 0 }
  schema.getSubscriptionType()!.getFields().events!.subscribe = () => events()
  const streams = useEventStreams({ counters: { executed: () => counts.executed++, delivered: () => counts.delivered++ } })
  const yoga = createYoga({ schema, logging: false, plugins: [streams] })
  return { yoga: Object.assign(yoga, { readerOf: streams.readerOf }), counts }
}

const subscribe = (yoga: ReturnType<typeof app>['yoga'], accept: string, query = 'subscription { events { n text } }') =>
  yoga.fetch('http://portrait.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify({ query }),
  })

const sse = 'text/event-stream'
const apollo = 'multipart/mixed;subscriptionSpec="1.0", application/json'

describe('GraphQL over SSE (distinct connections), in memory', () => {
  it('writes each result as a next event, masks what a resolver let slip, and completes', async () => {
    const events = source(4)
    const { yoga } = app(() => events)
    const response = await subscribe(yoga, sse)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    // The Node adapter writes the same stream into its socket.
    expect(eventStreamOf(response)).toBeDefined()
    const body = await response.text()
    expect(body).toBe(
      ':\n\n' +
        'event: next\ndata: {"data":{"events":{"n":1,"text":"event 1"}}}\n\n' +
        'event: next\ndata: {"data":{"events":{"n":2,"text":"event 2"}}}\n\n' +
        'event: next\ndata: {"errors":[{"message":"Unexpected error.","locations":[{"line":1,"column":27}],"path":["events","text"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}}],"data":null}\n\n' +
        'event: next\ndata: {"data":{"events":{"n":4,"text":"event 4"}}}\n\n' +
        'event: complete\ndata:\n\n',
    )
    expect(body).not.toContain('secret')
  })

  it('takes what the generation holds without asking it for each event, and executes each event once for readers of one selection', async () => {
    // Two readers of one generation: each its own reader, over the same event objects.
    const events = eventsOf(50)
    const readers: Source[] = []
    const { yoga, counts } = app(() => {
      const reader = source(events)
      readers.push(reader)
      return reader
    })
    const [first, second] = await Promise.all([subscribe(yoga, sse), subscribe(yoga, sse)])
    const [a, b] = await Promise.all([first!.text(), second!.text()])
    expect(a).toBe(b)
    // Nothing went through the source's next(): what it held was polled, and the one result with
    // errors was kept for the pipeline's next(), where yoga's masking saw it.
    expect(readers.map((reader) => reader.nexts)).toEqual([0, 0])
    expect(counts.delivered).toBe(100)
    expect(counts.executed).toBe(50)
  })

  it('pulls no further than its reader reads, and lets the generation go when the reader leaves', async () => {
    const events = source(0, { endless: true })
    const { yoga } = app(() => events)
    const response = await subscribe(yoga, sse, 'subscription { events { n } }')
    const body = response.body!.getReader()
    for (let read = 0; read < 5; read++) await body.read()
    // A reader that stops reading stops its own pull: what it was given fills the stream's own
    // buffer (about 16 kB of frames) and no more, however long it waits.
    expect(await takenWhileStalled(events)).toBeLessThan(1000)
    await body.cancel()
    await settle(5)
    expect(events.returned).toBe(true)
  })

  it('refuses an operation it cannot run with a status before any stream', async () => {
    const { yoga } = app(() => source(1))
    const response = await subscribe(yoga, `application/graphql-response+json, ${sse}`, 'subscription { events { nope } }')
    expect(response.status).toBe(400)
    expect(eventStreamOf(response)).toBeUndefined()
    expect(await response.text()).toContain('Cannot query field')
  })
})

describe("Apollo's multipart subscriptions, in memory", () => {
  it('writes each result as a payload part after the boundary, masked the same, and closes the boundary', async () => {
    const { yoga } = app(() => source(3))
    const response = await subscribe(yoga, apollo)
    expect(response.headers.get('content-type')).toBe('multipart/mixed; boundary="graphql"; subscriptionSpec="1.0"')
    const part = (json: string) => `\r\ncontent-type: application/json; charset=utf-8\r\n\r\n${json}\r\n--graphql`
    expect(await response.text()).toBe(
      '\r\n--graphql' +
        part('{"payload":{"data":{"events":{"n":1,"text":"event 1"}}}}') +
        part('{"payload":{"data":{"events":{"n":2,"text":"event 2"}}}}') +
        part('{"payload":{"errors":[{"message":"Unexpected error.","locations":[{"line":1,"column":27}],"path":["events","text"],"extensions":{"code":"INTERNAL_SERVER_ERROR"}}],"data":null}}') +
        '--\r\n',
    )
  })
})

/** A WebSocket as graphql-ws's server sees one: messages in, messages out, each send awaited. */
function socket(server: ReturnType<typeof makeServer>, authorization?: string, { holdAfter = Infinity } = {}) {
  const received: Record<string, unknown>[] = []
  let onMessage!: (data: string) => Promise<void>
  let closed: { code?: number; reason?: string } | null = null
  let sent = 0
  const closedHandler = server.opened(
    {
      protocol: 'graphql-transport-ws',
      // A client that stops reading: graphql-ws awaits each send, so the next waits for ever.
      send: (data) => {
        received.push(JSON.parse(data))
        return ++sent > holdAfter ? new Promise<void>(() => {}) : undefined
      },
      close: (code, reason) => void (closed ??= { code, reason }),
      onMessage: (callback) => void (onMessage = callback),
    },
    { request: { headers: authorization ? { authorization } : {} } as IncomingMessage },
  )
  return {
    received,
    get closed() {
      return closed
    },
    /** Resolves once the server has handled it (for a subscription: once its stream ended). */
    send: (message: Record<string, unknown>) => onMessage(JSON.stringify(message)),
    subscribe: (id: string, query: string) => void onMessage(JSON.stringify({ type: MessageType.Subscribe, id, payload: { query } })).catch(() => {}),
    close: () => closedHandler(1000, 'bye'),
  }
}

describe('graphql-ws (graphql-transport-ws), in memory', () => {
  const wsServer = (events: () => Source, maxOperations?: number) =>
    makeServer(graphqlWsOptions({ app: app(events).yoga as unknown as App, mayConnect: (authorization) => authorization === 'Bearer good', maxOperations }))

  it('acknowledges a client with the token, sends each result masked as over SSE, then completes', async () => {
    const events = source(4)
    const client = socket(wsServer(() => events))
    await client.send({ type: MessageType.ConnectionInit, payload: { authorization: 'Bearer good' } })
    client.subscribe('a', 'subscription { events { n text } }')
    await settle()
    expect(client.received).toEqual([
      { type: 'connection_ack' },
      { id: 'a', type: 'next', payload: { data: { events: { n: 1, text: 'event 1' } } } },
      { id: 'a', type: 'next', payload: { data: { events: { n: 2, text: 'event 2' } } } },
      {
        id: 'a',
        type: 'next',
        payload: {
          errors: [{ message: 'Unexpected error.', locations: [{ line: 1, column: 27 }], path: ['events', 'text'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
          data: null,
        },
      },
      { id: 'a', type: 'next', payload: { data: { events: { n: 4, text: 'event 4' } } } },
      { id: 'a', type: 'complete' },
    ])
    expect(JSON.stringify(client.received)).not.toContain('secret')
    // What the generation held was taken from the shared reader, not asked for event by event.
    expect(events.nexts).toBe(0)
  })

  it('closes a connection without the token as Forbidden, running nothing', async () => {
    let started = 0
    const client = socket(wsServer(() => (started++, source(1))))
    await client.send({ type: MessageType.ConnectionInit, payload: { authorization: 'Bearer wrong' } })
    client.subscribe('a', 'subscription { events { n } }')
    await settle()
    expect(client.closed?.code).toBe(CloseCode.Forbidden)
    expect(started).toBe(0)
  })

  it('pulls no further than the client reads, and lets the generation go when it leaves', async () => {
    const events = source(0, { endless: true })
    const client = socket(wsServer(() => events), undefined, { holdAfter: 3 })
    await client.send({ type: MessageType.ConnectionInit, payload: { token: 'good' } })
    client.subscribe('a', 'subscription { events { n } }')
    expect(await takenWhileStalled(events)).toBeLessThan(10)
    await client.close()
    await settle()
    expect(events.returned).toBe(true)
  })

  it('refuses an operation past the bound per connection, typed', async () => {
    const client = socket(wsServer(() => source(0, { endless: true }), 1), undefined, { holdAfter: 1 })
    await client.send({ type: MessageType.ConnectionInit, payload: { token: 'good' } })
    client.subscribe('a', 'subscription { events { n } }')
    client.subscribe('b', 'subscription { events { n } }')
    client.subscribe('c', 'subscription { events { n } }')
    await settle()
    expect(client.received).toContainEqual({ id: 'c', type: 'error', payload: [expect.objectContaining({ extensions: { code: 'TOO_MANY_OPERATIONS' } })] })
    await client.close()
  })
})
