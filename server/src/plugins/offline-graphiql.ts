import { renderGraphiQL } from '@graphql-yoga/render-graphiql'
import type { GraphiQLOptions, Plugin } from 'graphql-yoga'
import { GRAPHIQL_CSP } from '../guards/content-policy.ts'

/** Puts GRAPHIQL_CSP on the GraphiQL page (yoga's only HTML answer). */
export function useGraphiQLPolicy(): Plugin {
  return {
    onResponse({ response }) {
      if (response.headers.get('content-type')?.startsWith('text/html')) {
        response.headers.set('content-security-policy', GRAPHIQL_CSP)
        response.headers.set('referrer-policy', 'no-referrer')
      }
    },
  }
}

/**
 * GraphiQL with its scripts inlined, so it works without internet (yoga's default page loads
 * them from a CDN). The page weighs about 9 MB: it is rendered once per set of options.
 */
export function offlineGraphiQL(): (options: GraphiQLOptions) => string {
  const pages = new Map<string, string>()
  return (options) => {
    const key = JSON.stringify(options)
    let page = pages.get(key)
    if (!page) {
      page = renderGraphiQL(options)
      pages.set(key, page)
    }
    return page
  }
}
