import type { ArticleChunkEvent, ArticleErrorEvent, ArticleEvent, ArticleMetadataEvent, ArticleThinkingEvent } from '@portrait/schema/services'

export type GenerationStatus = 'running' | 'complete' | 'truncated' | 'cancelled' | 'failed'

/** How often readers hear that the model is still thinking. */
const thinkingNoticeMs = 1000

/**
 * One article being written: the text once, however many readers follow it. Chunks are kept as
 * boundaries into that text, so replaying them to a late reader costs no copy per reader.
 */
export class Generation {
  readonly id: string
  readonly key: string
  readonly metadata: ArticleMetadataEvent
  readonly controller = new AbortController()
  status: GenerationStatus = 'running'
  /** Everything written so far. */
  text = ''
  /** Where chunk n ends in `text`; it starts where chunk n-1 ends. */
  private readonly ends: number[] = []
  /** The done or error event, once the generation has ended. */
  final: ArticleEvent | null = null
  readers = 0
  private latest: ArticleChunkEvent | undefined
  private wake!: () => void
  private changed!: Promise<void>

  constructor(key: string, metadata: ArticleMetadataEvent) {
    this.id = metadata.generationId
    this.key = key
    this.metadata = metadata
    this.renew()
  }

  private renew() {
    this.changed = new Promise((resolve) => (this.wake = resolve))
  }

  /** Resolves at the next append or at the end; one promise shared by every waiting reader. */
  next(): Promise<void> {
    return this.changed
  }

  private notify() {
    const wake = this.wake
    this.renew()
    wake()
  }

  get chunkCount(): number {
    return this.ends.length
  }

  /** Called with each delta, then with the final event; how a shared hub mirrors a generation. */
  observer: ((delta: string | null, final?: ArticleEvent) => void) | null = null
  /** Called when the model starts reasoning; how a shared hub tells other instances. */
  thinkingObserver: ((since: number) => void) | null = null

  /** When the model began reasoning before its first text (epoch ms), if it did. */
  thinkingSince: number | null = null
  /** Bumped at each thinking notice: readers push one when it differs from the last they sent. */
  thinkingVersion = 0
  private thinkingNotice: ArticleThinkingEvent | null = null
  private lastThinkingNotice = 0

  /** The model is reasoning: readers hear of it at once, then about once a second. */
  think(since = Date.now()) {
    if (this.text || this.final) return
    if (this.thinkingSince === null) {
      this.thinkingSince = since
      this.thinkingObserver?.(since)
    } else if (Date.now() - this.lastThinkingNotice < thinkingNoticeMs) return
    this.lastThinkingNotice = Date.now()
    this.thinkingNotice = null
    this.thinkingVersion++
    this.notify()
  }

  /** The latest thinking notice, built once for every reader. */
  thinking(): ArticleThinkingEvent {
    this.thinkingNotice ??= {
      kind: 'thinking',
      generationId: this.id,
      since: new Date(this.thinkingSince!),
      elapsedMs: Date.now() - this.thinkingSince!,
    }
    return this.thinkingNotice
  }

  append(delta: string) {
    if (!delta || this.final) return
    this.text += delta
    this.ends.push(this.text.length)
    this.observer?.(delta)
    this.notify()
  }

  end(final: ArticleEvent, status: GenerationStatus) {
    if (this.final) return
    this.final = final
    this.status = status
    this.observer?.(null, final)
    this.notify()
  }

  /** Chunk n, rebuilt from the shared text; a reader resuming inside it gets only the rest. */
  chunk(seq: number, from = 0): ArticleChunkEvent {
    const start = seq === 0 ? 0 : this.ends[seq - 1]!
    if (from <= start && this.latest?.seq === seq) return this.latest
    const offset = Math.max(start, from)
    const event: ArticleChunkEvent = { kind: 'chunk', generationId: this.id, seq, offset, delta: this.text.slice(offset, this.ends[seq]) }
    // Readers following live all ask for the newest chunk: build it once for all of them.
    if (offset === start) this.latest = event
    return event
  }

  /** The first chunk a reader that already holds `offset` characters still needs. */
  seqAt(offset: number): number {
    let low = 0
    let high = this.ends.length
    while (low < high) {
      const mid = (low + high) >>> 1
      if (this.ends[mid]! <= offset) low = mid + 1
      else high = mid
    }
    return low
  }
}

export function errorEvent(
  generationId: string | null,
  code: ArticleErrorEvent['code'],
  message: string,
  retryable = false,
  retryAfterMs: number | null = null,
): ArticleErrorEvent {
  return { kind: 'error', generationId, code, message, retryable, retryAfterMs }
}
