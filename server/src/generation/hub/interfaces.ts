import type { ArticleMetadataEvent } from '@portrait/schema/services'
import type { FinalEvent } from '../events.ts'

/**
 * The two roles a cluster of instances shares, each with an in-memory and a Redis implementation:
 * a store of who runs which generation, and a transport carrying a generation's events from the
 * instance that runs it to the instances whose readers follow it. The hub calls these roles and
 * never a concrete backend. Counts here are cluster-wide.
 */

/** What every instance needs to know of a running generation to follow it. */
export interface GenerationRecord {
  id: string
  key: string
  metadata: ArticleMetadataEvent
  /** The instance running it. */
  owner: string
}

export interface GenerationStore {
  /**
   * Records a generation and claims its key for the owner. Returns null when the claim is won,
   * else the id of the generation already holding the key.
   */
  claim(record: GenerationRecord): Promise<string | null>
  /** Renews the owner's lease on its generations; a lease not renewed for `leaseMs` lapses. */
  heartbeat(records: GenerationRecord[]): Promise<void>
  /** Releases the key and the lease of a generation that ended; its record stays for late readers. */
  release(record: GenerationRecord): Promise<void>
  get(id: string): Promise<GenerationRecord | undefined>
  /** The generation holding a key now, if any. */
  idOf(key: string): Promise<string | undefined>
  /** Whether the owner's lease on the generation is current. */
  alive(id: string): Promise<boolean>
  /** Generations whose lease is current, on every instance. */
  runningCount(): Promise<number>
  /** How many readers follow the generation on one instance. */
  setReaders(id: string, instance: string, readers: number): Promise<void>
  /** Readers on every instance. */
  readers(id: string): Promise<number>
  /** A polling reader was here; it counts as a reader for `ms`. */
  markPolled(id: string, ms: number): Promise<void>
  polled(id: string): Promise<boolean>
  /** True for the one instance that takes on saving a generation whose owner died. */
  takeRescue(id: string, instance: string): Promise<boolean>
}

/** One entry of a generation's shared event log. Chunks say where they start. */
export type LogEntry =
  | { kind: 'chunk'; offset: number; delta: string }
  | { kind: 'thinking'; since: number }
  | { kind: 'final'; event: FinalEvent }

/**
 * What an instance can ask of a generation's owner: stop it, or publish its whole text again
 * (a follower found a hole in the log, as when Redis restarted empty).
 */
export type Signal = 'cancel' | 'resend'

export interface LogSubscription {
  stop(): void
}

export interface LogHandlers {
  /** Entries in log order: the backlog first, then live ones. */
  entries(entries: LogEntry[]): void
  /** The transport lost the log (its backend has been unreachable too long); the entries stop. */
  lost(error: Error): void
}

export interface EventTransport {
  /**
   * Whether `subscribe` delivers the entries published before it. When not, a follower asks the
   * owner to resend what it holds.
   */
  readonly keepsLog: boolean
  /** Appends entries to a generation's log, in order; rejects when they were not stored. */
  publish(id: string, entries: LogEntry[]): Promise<void>
  /** Follows a generation's log: its backlog if the transport keeps one, then live entries. Resolves once the backlog has been delivered. */
  subscribe(id: string, handlers: LogHandlers): Promise<LogSubscription>
  /** Asks whichever instance runs the generation to do something (every instance hears it). */
  signal(id: string, signal: Signal): Promise<void>
  /** Called with each signal sent anywhere. */
  onSignal(handler: (id: string, signal: Signal) => void): void
  /** Stops delivering; publishing after this rejects. */
  close(): Promise<void>
}

/** A finished text the database has not taken yet: all it needs to be saved, or served meanwhile. */
export interface UnsavedText {
  id: string
  /** The key of the request it answers (artist and options). */
  key: string
  metadata: ArticleMetadataEvent
  markdown: string
  status: 'COMPLETE' | 'TRUNCATED'
  finishReason: string
  promptTokens: number | null
  completionTokens: number | null
  reasoningTokens: number | null
  firstTokenMs: number | null
  /** From the generation's start to its last word, not to whenever the save lands. */
  durationMs: number
  /** When it was first held (epoch ms). */
  heldAt: number
}

/**
 * Where finished texts wait for the database: in memory on the instance that wrote them, and in
 * Redis when there is one, so that any instance serves them and saves them.
 */
export interface UnsavedStore {
  hold(text: UnsavedText): Promise<void>
  get(id: string): Promise<UnsavedText | undefined>
  /** The latest text held for a request key. */
  byKey(key: string): Promise<UnsavedText | undefined>
  all(): Promise<UnsavedText[]>
  /** Forgets a text once it is saved. */
  drop(text: UnsavedText): Promise<void>
}
