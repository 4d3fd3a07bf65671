import type { IncomingMessage } from 'node:http'
import { STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql'
import type { ServerOptions, SubscribePayload } from 'graphql-ws'
import { useServer } from 'graphql-ws/use/ws'
import { createGraphQLError, isAsyncIterable } from 'graphql-yoga'
import { WebSocketServer, type WebSocket } from 'ws'
import { refusalBody, type Refusal } from '../guards/request-guard.ts'
import type { App } from '../yoga.ts'
import { forClient } from './frames.ts'
import { ENDED, type Reader } from './reader.ts'

/**
 * GraphQL over WebSocket (the `graphql-transport-ws` protocol of the graphql-ws library), on the
 * upgrade of /graphql: what Apollo Client's GraphQLWsLink, Postman and Insomnia speak.
 *
 * The protocol is graphql-ws's own; this file only binds it to the server. Each operation runs
 * through yoga's envelop (`getEnveloped`), so the schema's limits, the operation guards, error
 * masking, authentication and shared execution are those of every other transport. The socket
 * waits for the client (graphql-ws awaits each send), so a reader that stops reading stops its
 * own pull, and the generation drops it with READER_TOO_SLOW as it does over SSE.
 */

export interface GraphQLWsOptions {
  app: App
  /** Checks the upgrade on its headers (Host, Origin), as every API request is checked. */
  refuse: (req: IncomingMessage) => Refusal | null
  /** Whether a connection may be opened with this Authorization (the token, when reads need one). */
  mayConnect: (authorization: string | undefined) => boolean
  /** Largest message a client may send, in bytes. */
  maxPayloadBytes: number
  /** Operations one socket may carry at once. @default 64 */
  maxOperations?: number
  /** Keep-alive pings. @default 12000 */
  keepAliveMs?: number
}

type Payload = Record<string, unknown> | undefined

/**
 * A refusal as graphql-ws takes it: a GraphQLError of the graphql it loads. Errors made by yoga's
 * utilities may come from another copy of graphql (CommonJS beside ESM), so they are told by name.
 */
function asGraphQLError(error: unknown, fallback: string): GraphQLError {
  if (error instanceof GraphQLError) return error
  if (error instanceof Error && error.name === 'GraphQLError') {
    return new GraphQLError(error.message, { extensions: (error as GraphQLError).extensions })
  }
  return new GraphQLError(fallback)
}

/** What onSubscribe hands execute and subscribe: yoga's own, and the request the operation stands for. */
interface Root {
  execute(args: ExecutionArgs): unknown
  subscribe(args: ExecutionArgs): unknown
  request: Request
  readerOf: App['readerOf']
}

/**
 * The results as graphql-ws iterates them: what the generation holds is taken from the shared
 * reader (an error-free result needs none of the pipeline's hooks), one promise per event instead
 * of a chain through every layer; anything else goes through the pipeline's `next()`, masked.
 */
function polled(results: AsyncIterable<ExecutionResult>, reader: Reader<ExecutionResult>): AsyncIterableIterator<ExecutionResult> {
  const iterator = results[Symbol.asyncIterator]()
  const polling: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      for (;;) {
        const step = reader.poll()
        if (step === 'next') return iterator.next()
        if (step !== 'wait') {
          if (step.done) void iterator.return?.()
          return step
        }
        await reader.wait()
      }
    },
    return: () => iterator.return?.() ?? Promise.resolve(ENDED),
    throw: (error: unknown) => iterator.throw?.(error) ?? Promise.reject(error),
    [Symbol.asyncIterator]: () => polling,
  }
  return polling
}

/** Runs yoga's execute or subscribe; a refusal its plugins throw (a limit, a guard) becomes the operation's error. */
const refusing =
  (name: 'execute' | 'subscribe') =>
  async (args: ExecutionArgs): Promise<unknown> => {
    const root = args.rootValue as Root
    try {
      const result = await root[name](args)
      const reader = name === 'subscribe' && isAsyncIterable(result) ? root.readerOf?.(root.request) : undefined
      return reader ? polled(result as AsyncIterable<ExecutionResult>, reader) : result
    } catch (error) {
      if (error instanceof Error && error.name === 'GraphQLError') return { errors: [asGraphQLError(error, 'Unexpected error.')] }
      throw error
    }
  }

/**
 * The token a client sends: in `connection_init`'s payload as `authorization` (or `Authorization`,
 * or under `headers`, as Apollo's examples do), as a bare `token`, or on the upgrade request.
 */
function authorizationOf(payload: Payload, request: IncomingMessage): string | undefined {
  const headers = (payload?.headers ?? {}) as Record<string, unknown>
  for (const value of [payload?.authorization, payload?.Authorization, headers.authorization, headers.Authorization]) {
    if (typeof value === 'string' && value) return value
  }
  if (typeof payload?.token === 'string' && payload.token) return `Bearer ${payload.token}`
  return request.headers.authorization
}

/** An HTTP answer on a socket that asked for an upgrade and is refused. */
function refuseUpgrade(socket: Duplex, refusal: Refusal) {
  const body = refusalBody(refusal)
  socket.end(
    `HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  )
}

type Extra = { request: IncomingMessage }

/**
 * The protocol's server options: each operation through yoga's envelop. Apart from the socket, so
 * that the protocol is tested in memory (graphql-ws's `makeServer`) as it runs on `ws`.
 */
export function graphqlWsOptions({ app, mayConnect, maxOperations = 64 }: Pick<GraphQLWsOptions, 'app' | 'mayConnect' | 'maxOperations'>): ServerOptions<Payload, Extra> {
  return {
    connectionInitWaitTimeout: 10_000,
    onConnect: (ctx) => mayConnect(authorizationOf(ctx.connectionParams, ctx.extra.request)),
    async onSubscribe(ctx, _id, payload: SubscribePayload) {
      if (Object.keys(ctx.subscriptions).length > maxOperations) {
        return [createGraphQLError(`At most ${maxOperations} operations per connection.`, { extensions: { code: 'TOO_MANY_OPERATIONS' } })]
      }
      const authorization = authorizationOf(ctx.connectionParams, ctx.extra.request)
      // The request this operation would be over HTTP: the context reads who is asking from its
      // headers, and the guards its method, as for any other transport.
      const request = new Request('http://portrait.internal/graphql', { method: 'POST', headers: authorization ? { authorization } : {} })
      const { schema, execute, subscribe, contextFactory, parse, validate } = app.getEnveloped({ req: ctx.extra.request, request, params: payload })
      try {
        // The limits refuse by throwing, at parse or validation, as yoga expects of them.
        const document = parse(payload.query)
        const errors = validate(schema, document)
        if (errors.length) return errors
        const contextValue = await contextFactory()
        return { schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue, rootValue: { execute, subscribe, request, readerOf: app.readerOf } satisfies Root } as ExecutionArgs
      } catch (error) {
        return [asGraphQLError(error, 'The operation could not be run.')]
      }
    },
    // Yoga's own execute and subscribe, with every plugin: handed over by onSubscribe.
    execute: refusing('execute') as never,
    subscribe: refusing('subscribe') as never,
    // Each result as the other transports write it: without the server's own extensions.
    onNext: (_ctx, _id, _payload, _args, result) => forClient(result as ExecutionResult) as never,
    // What graphql-ws reports of a failure it caught is the error's message: keep only ours.
    onError: (_ctx, _id, _payload, errors) =>
      errors.map((error) => (error.extensions?.code || !error.originalError ? error : new GraphQLError('Unexpected error.')).toJSON()),
  }
}

/** Bytes a socket may hold unsent before a send waits for them to leave. */
const paceBytes = 65_536

type Send = (data: unknown, options: object, callback?: (error?: Error) => void) => void

/**
 * Frames written as over SSE: those of one turn of the event loop leave in one write, and a send
 * counts as done once queued while the socket holds less than `paceBytes`. Left to themselves, ws
 * writes each frame with a system call of its own and graphql-ws awaits each until it has left,
 * so a reader behind the text took one event per turn, each in its own write (a third of the busy
 * time with 2,000 readers of one portrait). Past `paceBytes` a send waits for its write, as
 * graphql-ws would have it wait, so a client that stops reading still stops its own pull. (A
 * wrapper of `send` rather than a protocol binding of ours: graphql-ws's `use/ws` stays the binding.)
 */
function batchWrites(ws: WebSocket, socket: Duplex) {
  const send = ws.send.bind(ws) as Send
  let corked = false
  const uncork = () => {
    corked = false
    socket.uncork()
  }
  ws.send = ((data: unknown, options?: object | ((error?: Error) => void), callback?: (error?: Error) => void) => {
    if (typeof options === 'function') {
      callback = options as (error?: Error) => void
      options = undefined
    }
    if (!corked && !socket.destroyed) {
      corked = true
      socket.cork()
      setImmediate(uncork)
    }
    if (!callback || ws.bufferedAmount >= paceBytes) return send(data, options ?? {}, callback)
    send(data, options ?? {})
    queueMicrotask(() => callback())
  }) as WebSocket['send']
}

export function createGraphQLWsHandler({ app, refuse, mayConnect, maxPayloadBytes, maxOperations = 64, keepAliveMs = 12_000 }: GraphQLWsOptions) {
  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: maxPayloadBytes,
    // Only the current protocol: the old subscriptions-transport-ws one is another language.
    handleProtocols: (protocols) => (protocols.has('graphql-transport-ws') ? 'graphql-transport-ws' : false),
  })
  const server = useServer<Payload, Extra>(graphqlWsOptions({ app, mayConnect, maxOperations }), sockets, keepAliveMs)
  return {
    /** Answers an upgrade of /graphql: refused on its headers, or handed to the protocol. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
      const refusal = refuse(req)
      if (refusal) return refuseUpgrade(socket, refusal)
      sockets.handleUpgrade(req, socket, head, (ws) => {
        batchWrites(ws, socket)
        sockets.emit('connection', ws, req)
      })
    },
    get connections() {
      return sockets.clients.size
    },
    /** Closes every socket (the client is told the server is going away), then the server. */
    async close() {
      for (const client of sockets.clients) client.close(1001, 'Server shutting down')
      await server.dispose()
      await new Promise<void>((resolve) => sockets.close(() => resolve()))
    },
  }
}

export type GraphQLWsHandler = ReturnType<typeof createGraphQLWsHandler>
