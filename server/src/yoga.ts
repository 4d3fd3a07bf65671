import type { IncomingMessage } from 'node:http'
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor'
import { useGraphQLSSE } from '@graphql-yoga/plugin-graphql-sse'
import type { Context } from '@portrait/schema'
import { schema } from '@portrait/schema'
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection'
import { createGraphQLError, createYoga, type CORSOptions } from 'graphql-yoga'
import { createTokenCheck } from './auth.ts'
import type { Config } from './config.ts'
import type { Logger } from './logger.ts'
import { offlineGraphiQL } from './plugins/offline-graphiql.ts'
import { useSseHeaders } from './plugins/use-sse-headers.ts'

export interface AppOptions {
  config: Config
  logger: Logger
  /** The services resolvers call; the request adds who is asking. */
  services: Omit<Context, 'clientId' | 'authenticated'>
}

interface ServerContext {
  req?: IncomingMessage
}

/** The GraphQL application: queries at /graphql, subscriptions there and at /graphql/stream. */
export function createApp({ config, logger, services }: AppOptions) {
  const development = config.env !== 'production'
  const tokensRequired = config.auth.tokens.length > 0
  const hasToken = createTokenCheck(config.auth.tokens)
  return createYoga<ServerContext, Context>({
    schema,
    context: ({ req, request }) => {
      const authenticated = !tokensRequired || hasToken(request.headers.get('authorization'))
      if (config.auth.readRequiresToken && !authenticated) {
        throw createGraphQLError('This server needs an API token: send `Authorization: Bearer <token>`.', {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        })
      }
      return { ...services, clientId: req?.socket.remoteAddress ?? 'unknown', authenticated }
    },
    // Only listed origins get CORS headers at all; tokens travel in a header, never in cookies.
    cors: (request) => {
      const origin = request.headers.get('origin')
      // The handler takes false as 'no CORS headers'; yoga's factory type does not say so.
      if (!origin || !config.corsOrigins.includes(origin)) return false as unknown as CORSOptions
      return {
        origin: [origin],
        credentials: false,
        allowedHeaders: ['content-type', 'authorization', 'x-graphql-event-stream-token'],
        methods: ['GET', 'POST', 'PUT', 'DELETE'],
      }
    },
    maxRequestBodySize: config.maxBodyBytes,
    batching: false,
    logging: logger,
    maskedErrors: { isDev: development },
    landingPage: false,
    graphiql: config.graphiql
      ? {
          title: 'Portrait',
          subscriptionsProtocol: 'GRAPHQL_SSE',
          defaultQuery: `# The collection, then a portrait streamed as it is written.
query Artists {
  artists(first: 5) {
    totalCount
    edges { node { id name country genres albums { title year } } }
  }
}
`,
        }
      : false,
    renderGraphiQL: offlineGraphiQL(),
    plugins: [
      useGraphQLSSE({ endpoint: '/graphql/stream' }),
      useSseHeaders(),
      EnvelopArmorPlugin({
        maxDepth: { n: config.limits.maxDepth },
        costLimit: { maxCost: config.limits.maxCost },
        maxAliases: { n: config.limits.maxAliases },
        blockFieldSuggestion: { enabled: !development },
      }),
      ...(config.introspection ? [] : [useDisableIntrospection()]),
    ],
  })
}

export type App = ReturnType<typeof createApp>
