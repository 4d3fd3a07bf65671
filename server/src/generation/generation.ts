import type { ArticleChunkEvent, ArticleMetadataEvent, ArticleThinkingEvent } from '@portrait/schema/services'
import { chunkEvent, statusOf, thinkingEvent, type FinalEvent, type GenerationStatus } from './events.ts'

/** How many of the latest chunks stay kept as events with no reader needing them, for readers who join. */
export const recentChunks = 64

/**
 * The most text kept in chunk events: a reader further behind than this gets its chunks rebuilt
 * (and executed for it alone), so what sharing holds stays bounded however fast the text grows.
 */
const maxKeptChars = 262_144

/** How often readers hear that the model is still thinking. */
const thinkingNoticeMs = 1000

/** What readers and services may see of a generation: they read it, only its hub changes it. */
export interface GenerationView {
  readonly id: string
  readonly key: string
  readonly metadata: ArticleMetadataEvent
  readonly status: GenerationStatus
  /** Everything written so far. */
  readonly text: string
  /** The done or error event, once the generation has ended. */
  readonly final: FinalEvent | null
  /** Readers following it on this instance. */
  readonly readers: number
  readonly chunkCount: number
  readonly thinkingSince: number | null
  readonly thinkingVersion: number
  /** Resolves at the next change; one promise shared by every waiting reader. */
  next(): Promise<void>
  chunk(seq: number, from?: number): ArticleChunkEvent
  seqAt(offset: number): number
  thinking(): ArticleThinkingEvent
}

/** Where a chunk fell against the text already held. */
export type Placement = 'applied' | 'duplicate' | 'gap' | 'conflict'

/**
 * One article being written, held in this process: the text once, however many readers follow
 * it. Chunks are kept as boundaries into that text, so replaying them to a late reader costs no
 * copy per reader. The same buffer serves the instance that runs the model and the instances that
 * mirror it.
 */
export class Generation implements GenerationView {
  readonly id: string
  readonly key: string
  readonly metadata: ArticleMetadataEvent
  readonly controller = new AbortController()
  status: GenerationStatus = 'running'
  text = ''
  final: FinalEvent | null = null
  readers = 0
  thinkingSince: number | null = null
  /** Bumped at each thinking notice: readers push one when it differs from the last they sent. */
  thinkingVersion = 0
  /** Where chunk n ends in `text`; it starts where chunk n-1 ends. */
  private readonly ends: number[] = []
  /** The latest chunks as events, by seq modulo their number (see chunk()). */
  /**
   * Chunks as events, from `keptFrom` on: every reader of a chunk receives the very same object,
   * whose GraphQL result and SSE frame are then built once (streams/shared-results.ts), however far
   * behind the others a reader is. The hub lets go of those no reader still needs (release()); a
   * chunk let go is rebuilt from the text for a late reader who asks, and not kept.
   */
  private readonly kept: (ArticleChunkEvent | undefined)[] = []
  private keptFrom = 0
  private keptChars = 0
  private thinkingNotice: ArticleThinkingEvent | null = null
  private lastThinkingNotice = 0
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

  /**
   * The model is reasoning: readers hear of it at once, then about once a second. True when this
   * was the start of the reasoning (what other instances need to hear).
   */
  think(since = Date.now()): boolean {
    if (this.text || this.final) return false
    const first = this.thinkingSince === null
    if (first) this.thinkingSince = since
    else if (Date.now() - this.lastThinkingNotice < thinkingNoticeMs) return false
    this.lastThinkingNotice = Date.now()
    this.thinkingNotice = null
    this.thinkingVersion++
    this.notify()
    return first
  }

  /** The latest thinking notice, built once for every reader. */
  thinking(): ArticleThinkingEvent {
    this.thinkingNotice ??= thinkingEvent(this.id, this.thinkingSince!)
    return this.thinkingNotice
  }

  append(delta: string): boolean {
    if (!delta || this.final) return false
    const seq = this.ends.length
    // The delta itself, not a slice of the text: a slice would hold that whole version of the text.
    this.kept[seq] = chunkEvent(this.id, seq, this.text.length, delta)
    this.keptChars += delta.length
    if (this.keptChars > maxKeptChars) this.release(this.keptFrom)
    this.text += delta
    this.ends.push(this.text.length)
    this.notify()
    return true
  }

  /**
   * Applies a chunk that says where it starts, as text arriving from another process does: only
   * at the end of the text held, so a lost or repeated message can never shift the text.
   */
  appendAt(offset: number, delta: string): Placement {
    const end = offset + delta.length
    if (offset === this.text.length) return this.append(delta) ? 'applied' : 'duplicate'
    if (offset > this.text.length) return 'gap'
    if (end <= this.text.length) return this.text.slice(offset, end) === delta ? 'duplicate' : 'conflict'
    if (this.text.slice(offset) !== delta.slice(0, this.text.length - offset)) return 'conflict'
    return this.append(delta.slice(this.text.length - offset)) ? 'applied' : 'duplicate'
  }

  end(final: FinalEvent) {
    if (this.final) return
    this.final = final
    this.status = statusOf(final)
    this.notify()
  }

  /** Chunk n, rebuilt from the shared text; a reader resuming inside it gets only the rest. */
  chunk(seq: number, from = 0): ArticleChunkEvent {
    const start = seq === 0 ? 0 : this.ends[seq - 1]!
    const kept = this.kept[seq]
    if (from <= start && kept) return kept
    const offset = Math.max(start, from)
    return chunkEvent(this.id, seq, offset, this.text.slice(offset, this.ends[seq]))
  }

  /** Lets go of the events of chunks before `seq`: no reader needs them any more. */
  release(seq: number) {
    for (; this.keptFrom < seq && this.keptFrom < this.kept.length; this.keptFrom++) {
      this.keptChars -= this.kept[this.keptFrom]?.delta.length ?? 0
      this.kept[this.keptFrom] = undefined
    }
    // Past the bound, the oldest go first, whoever still needs them.
    while (this.keptChars > maxKeptChars && this.keptFrom < this.kept.length - 1) {
      this.keptChars -= this.kept[this.keptFrom]?.delta.length ?? 0
      this.kept[this.keptFrom++] = undefined
    }
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
