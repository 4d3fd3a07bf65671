import type { EventTransport, LogEntry } from './interfaces.ts'

export interface OutboxOptions {
  transport: EventTransport
  id: string
  /** The whole text written so far, for the snapshot that follows a failure. */
  text: () => string
  /** When the model began reasoning, if it has and no text came yet. */
  thinkingSince: () => number | null
  /** Told of each failed attempt; the entries are kept and retried. */
  onError: (error: unknown) => void
  /** @default 100 */
  retryMs?: number
  /** @default 2000 */
  maxRetryMs?: number
}

/**
 * Publishes a generation's entries in order, batching whatever accumulates during a round trip.
 * A failed publish is retried, never dropped; since the backend may have lost entries too (a Redis
 * that restarted empty), the first publish after a failure starts with the whole text from offset
 * 0, which followers apply idempotently: what they hold is skipped, the rest fills the hole.
 */
export class Outbox {
  private queue: LogEntry[] = []
  private flushing: Promise<void> | null = null
  private failed = false
  private closed = false

  constructor(private readonly options: OutboxOptions) {}

  push(entry: LogEntry) {
    this.queue.push(entry)
    this.flushing ??= this.flush().finally(() => (this.flushing = null))
  }

  /** Publishes the whole text again, as after a failure. */
  resend() {
    this.failed = true
    this.flushing ??= this.flush().finally(() => (this.flushing = null))
  }

  /** Resolves once everything pushed is published, or after `ms` (false then). */
  async drain(ms: number): Promise<boolean> {
    const deadline = Date.now() + ms
    while (this.flushing && Date.now() < deadline) {
      await Promise.race([this.flushing, new Promise((resolve) => setTimeout(resolve, Math.max(1, deadline - Date.now())))])
    }
    const drained = !this.flushing && !this.queue.length
    this.closed = true
    return drained
  }

  private async flush() {
    let delay = this.options.retryMs ?? 100
    while ((this.queue.length || this.failed) && !this.closed) {
      const batch = this.failed ? this.withSnapshot() : this.queue
      this.queue = []
      try {
        await this.options.transport.publish(this.options.id, batch)
        this.failed = false
        delay = this.options.retryMs ?? 100
      } catch (error) {
        this.options.onError(error)
        this.queue = [...batch, ...this.queue]
        this.failed = true
        await new Promise((resolve) => setTimeout(resolve, delay))
        delay = Math.min(delay * 2, this.options.maxRetryMs ?? 2000)
      }
    }
  }

  /** The queue with its chunks replaced by one chunk holding the whole text (or the thinking notice before any). */
  private withSnapshot(): LogEntry[] {
    const rest = this.queue.filter((entry) => entry.kind === 'final')
    const text = this.options.text()
    const since = this.options.thinkingSince()
    if (text) return [{ kind: 'chunk', offset: 0, delta: text }, ...rest]
    return since === null ? rest : [{ kind: 'thinking', since }, ...rest]
  }
}
