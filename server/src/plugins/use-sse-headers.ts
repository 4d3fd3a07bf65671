import type { Plugin } from 'graphql-yoga'

/**
 * Marks event streams as uncacheable and unbuffered. Neither yoga nor graphql-sse sends
 * `X-Accel-Buffering: no`, and without it nginx holds events back until its buffer fills.
 */
export function useSseHeaders(): Plugin {
  return {
    onResponse({ response }) {
      if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
        if (!response.headers.has('cache-control')) response.headers.set('cache-control', 'no-cache')
        response.headers.set('x-accel-buffering', 'no')
      }
    },
  }
}
