import type { IncomingMessage } from 'node:http'

/**
 * Open streams per client: event streams (SSE, multipart) and WebSockets, counted from the moment
 * they are asked for until their connection closes, so that one client cannot hold every socket
 * and every reader slot of the server.
 */
export function createStreamQuota(limit: number, clientOf: (req: IncomingMessage) => string) {
  const open = new Map<string, number>()
  return {
    /**
     * Counts a stream for its client until `closed` fires; false (and nothing counted) when the
     * client already holds `limit` of them.
     */
    take(req: IncomingMessage, closed: (release: () => void) => void): boolean {
      const client = clientOf(req)
      const held = open.get(client) ?? 0
      if (held >= limit) return false
      open.set(client, held + 1)
      let released = false
      closed(() => {
        if (released) return
        released = true
        const left = (open.get(client) ?? 1) - 1
        if (left > 0) open.set(client, left)
        else open.delete(client)
      })
      return true
    },
    /** Streams held by a client, for tests and metrics. */
    held: (client: string) => open.get(client) ?? 0,
  }
}

export type StreamQuota = ReturnType<typeof createStreamQuota>

/** Whether a request to the API asks for a stream (it may get a single answer all the same). */
export const asksForStream = (req: IncomingMessage) => /text\/event-stream|multipart\/mixed/i.test(req.headers.accept ?? '')
