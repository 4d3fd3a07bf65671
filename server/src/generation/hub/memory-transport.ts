import type { EventTransport, LogEntry, LogHandlers, Signal } from './interfaces.ts'
import { addKeyed } from './keyed.ts'

/**
 * The transport of one process: hubs sharing it see each other's generations. It keeps no log
 * (the owner already holds the text): a follower joining late asks the owner to resend it.
 */
export function createMemoryTransport(): EventTransport {
  const subscribers = new Map<string, Set<LogHandlers>>()
  const signalHandlers = new Set<(id: string, signal: Signal) => void>()
  let closed = false

  return {
    keepsLog: false,
    async publish(id, entries: LogEntry[]) {
      if (closed) throw new Error('The transport is closed.')
      for (const handlers of subscribers.get(id) ?? []) handlers.entries(entries)
    },
    async subscribe(id, handlers) {
      return { stop: addKeyed(subscribers, id, handlers) }
    },
    async signal(id, signal) {
      for (const handler of signalHandlers) handler(id, signal)
    },
    onSignal(handler) {
      signalHandlers.add(handler)
    },
    async close() {
      closed = true
      subscribers.clear()
      signalHandlers.clear()
    },
  }
}
