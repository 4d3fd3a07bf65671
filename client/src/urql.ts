import { cacheExchange, Client, fetchExchange, mapExchange, subscriptionExchange } from '@urql/core'
import { createClient as createSseClient } from 'graphql-sse'
import { authHeaders, unauthenticated } from './stores/auth.ts'

/**
 * The app's GraphQL client. Subscriptions travel over GraphQL-over-SSE in single-connection mode:
 * one event stream per tab however many subscriptions run, and graphql-sse retries it on drops.
 * The API token, when there is one, goes with every request, the event stream included.
 */
export function createUrqlClient(origin = window.location.origin): Client {
  const sse = createSseClient({
    url: `${origin}/graphql/stream`,
    singleConnection: true,
    headers: authHeaders,
    // A few quick retries ride out a blip; past them the panel resumes, or falls back to polling.
    retryAttempts: 3,
    retry: (retries) => new Promise((resolve) => setTimeout(resolve, 300 * 2 ** retries)),
  })
  return new Client({
    url: `${origin}/graphql`,
    // Uploads are multipart, which browsers send cross-site unasked: the server wants this header on them.
    fetchOptions: () => ({ headers: { ...authHeaders(), 'graphql-require-preflight': '1' } }),
    exchanges: [
      mapExchange({
        onError(error, operation) {
          const status = (error.response as Response | undefined)?.status
          if (status === 401 || error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) {
            unauthenticated(operation.kind === 'query')
          }
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (operation) => ({
          subscribe: (sink) => ({ unsubscribe: sse.subscribe({ ...operation, query: operation.query ?? '' }, sink) }),
        }),
      }),
    ],
  })
}
