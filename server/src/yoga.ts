import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http'
import type { GraphQLError } from 'graphql'
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor'
import type { Context } from '@portrait/schema'
import { schema } from '@portrait/schema'
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection'
import { createGraphQLError, createYoga, type CORSOptions } from 'graphql-yoga'
import { createTokenCheck } from './auth.ts'
import type { Config } from './config.ts'
import type { Logger } from './logger.ts'
import type { Metrics } from './metrics.ts'
import { offlineGraphiQL, useGraphiQLPolicy } from './plugins/offline-graphiql.ts'
import { useBodyLimits } from './plugins/use-body-limits.ts'
import { useOperationGuards } from './plugins/use-operation-guards.ts'
import { useEventStreams } from './streams/event-stream.ts'
import { useSseHeaders } from './plugins/use-sse-headers.ts'

/** What the Node adapter (streams/node.ts) hands yoga beside the Web request. */
export interface ServerContext {
  req?: IncomingMessage
  res?: ServerResponse
}

export interface AppOptions {
  config: Config
  logger: Logger
  /** Where subscription executions and deliveries are counted. */
  metrics?: Pick<Metrics, 'subscriptions'>
  /** The services resolvers call; the request adds who is asking. */
  services: Omit<Context, 'clientId' | 'authenticated'>
  /** Who a request comes from (its address, or the one a trusted proxy saw), for per-client limits. */
  clientAddress?: (req: IncomingMessage) => string
}

/** Which origins get CORS headers, and which: only listed ones; tokens travel in a header, never in cookies. */
export function corsPolicy(config: Config) {
  return (origin: string | null | undefined): CORSOptions | false => {
    if (!origin || !config.corsOrigins.includes(origin)) return false
    return {
      origin: [origin],
      credentials: false,
      allowedHeaders: ['content-type', 'authorization', 'x-graphql-event-stream-token', 'graphql-require-preflight'],
      methods: ['GET', 'POST', 'PUT', 'DELETE'],
    }
  }
}

/** The CORS headers of a response that yoga does not write itself (an event stream). */
export function originHeaders(config: Config) {
  const cors = corsPolicy(config)
  return (req: IncomingMessage): OutgoingHttpHeaders =>
    cors(req.headers.origin) ? { 'access-control-allow-origin': req.headers.origin, vary: 'Origin' } : { vary: 'Origin' }
}

/** Armor's rejections are request errors: 400 under application/graphql-response+json, like yoga's own validation. */
const badRequest = (_: unknown, error: GraphQLError) => {
  Object.assign(error.extensions, { code: 'QUERY_TOO_COMPLEX', http: { spec: true, status: 400 } })
}

/** The GraphQL application at /graphql: queries, mutations, and subscriptions over SSE (distinct connections). */
/** GraphiQL's first tab: the collection, with the ids the second tab needs. */
export const artistsExample = `# The collection: run this (Ctrl+Enter), then copy an artist's "id" for the Portrait tab.
query Artists {
  artists(first: 5) {
    totalCount
    edges { node { id name country genres albums { title year } } }
  }
}
`

/** GraphiQL's second tab: a portrait streamed into the result pane as it is written. */
export const portraitExample = `# A portrait of one artist, streamed as it is written (over WebSocket).
# 1. In the Artists tab, run the query and copy an artist's "id" (a UUID).
# 2. Paste it in place of PASTE-AN-ARTIST-ID in Variables below, then run this (Ctrl+Enter).
# A saved portrait with the same options is replayed; "regenerate": true writes a new one.
# When the server has API tokens, add {"Authorization": "Bearer <token>"} in Headers.
subscription Portrait($artistId: ID!, $options: ArticleOptions) {
  generateArticle(artistId: $artistId, options: $options) {
    __typename
    ... on ArticleMetadata { generationId model targetWords artist { name } }
    ... on ArticleChunk { seq offset delta }
    ... on ArticleDone { article { id status wordCount } }
    ... on ArticleError { code message }
  }
}
`

export const portraitVariables = `{
  "artistId": "PASTE-AN-ARTIST-ID",
  "options": { "language": "en", "length": "SHORT" }
}
`

export function createApp({ config, logger, metrics, services, clientAddress = (req) => req.socket.remoteAddress ?? 'unknown' }: AppOptions) {
  const development = config.env !== 'production'
  const tokensRequired = config.auth.tokens.length > 0
  const hasToken = createTokenCheck(config.auth.tokens)
  const cors = corsPolicy(config)
  const reject = { onReject: [badRequest], propagateOnRejection: true }
  const events = useEventStreams({
    counters: metrics && { executed: () => metrics.subscriptions.executed++, delivered: () => metrics.subscriptions.delivered++ },
  })
  const yoga = createYoga<ServerContext, Context>({
    schema,
    context: ({ req, request }) => {
      const authenticated = !tokensRequired || hasToken(request.headers.get('authorization'))
      if (config.auth.readRequiresToken && !authenticated) {
        throw createGraphQLError('This server needs an API token: send `Authorization: Bearer <token>`.', {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        })
      }
      return { ...services, clientId: req ? clientAddress(req) : 'unknown', authenticated }
    },
    // The handler takes false as 'no CORS headers'; yoga's factory type does not say so.
    cors: (request) => cors(request.headers.get('origin')) as CORSOptions,
    // useBodyLimits below sets one limit for operations and another for uploads.
    maxRequestBodySize: false,
    batching: false,
    logging: logger,
    maskedErrors: { isDev: development },
    landingPage: false,
    graphiql: config.graphiql
      ? {
          title: 'Portrait',
          // Over WebSocket: a generation never starts from a GET, which any page can send.
          subscriptionsProtocol: 'WS',
          defaultQuery: artistsExample,
          // Two tabs: the collection (run it first: it lists the artists' ids), then a portrait
          // streamed as it is written, for one of those ids.
          defaultTabs: [{ query: artistsExample }, { query: portraitExample, variables: portraitVariables }],
        }
      : false,
    renderGraphiQL: offlineGraphiQL(),
    plugins: [
      useSseHeaders(),
      useGraphiQLPolicy(),
      // Before any subscription is executed (shared or not): refusals must come before the work.
      useOperationGuards({ maxCost: config.limits.maxCost, maxResponseBytes: config.maxResponseBytes }),
      events,
      useBodyLimits({
        json: config.maxBodyBytes,
        multipart: config.imports.maxUploadBytes,
        mayUpload: (request) => !tokensRequired || hasToken(request.headers.get('authorization')),
        maxConcurrentUploads: config.maxConcurrentUploads,
      }),
      EnvelopArmorPlugin({
        maxDepth: { n: config.limits.maxDepth, ...reject },
        // Counted by useOperationGuards instead, with list sizes from variables as well as literals.
        costLimit: { enabled: false },
        maxAliases: { n: config.limits.maxAliases, ...reject },
        maxTokens: { ...reject },
        maxDirectives: { ...reject },
        blockFieldSuggestion: { enabled: !development },
      }),
      ...(config.introspection ? [] : [useDisableIntrospection()]),
    ],
  })
  return Object.assign(yoga, { readerOf: events.readerOf })
}

export type App = ReturnType<typeof createApp>
