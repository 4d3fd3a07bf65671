import type { ArticleEvent, ArticleMetadataEvent } from '@portrait/schema/services'
import type { FinalEvent } from '../events.ts'
import type { Generation, GenerationView } from '../generation.ts'
import type { Follower } from './follow.ts'
import type { ClusterFactory } from './cluster.ts'
import type { GenerationRecord, LogSubscription } from './interfaces.ts'
import type { Outbox } from './outbox.ts'

/** Pushes an event to one reader; resolves when the reader has taken it. */
export type Push = (event: ArticleEvent) => Promise<unknown>

/** What the code writing a generation gets: its text goes in here, and only here. */
export interface Production {
  readonly generation: GenerationView
  readonly signal: AbortSignal
  append(delta: string): void
  /** The model is reasoning before its first text. */
  think(): void
  end(final: FinalEvent): void
}

/**
 * Where running generations live and how readers follow them, on one instance or across many:
 * the store and transport it is given decide which. Readers get read-only views.
 */
export interface GenerationHub {
  /** The generation running for these artist and options, on any instance. */
  byKey(key: string): Promise<GenerationView | undefined>
  /** A generation running on any instance, or finished lately. */
  byId(id: string): Promise<GenerationView | undefined>
  /** Whether the generation under this id is being written now, on any instance. */
  writing(id: string): Promise<boolean>
  /**
   * Claims the key and runs `produce`, which ends the generation. When another generation holds
   * the key, that one is returned instead and `produce` never runs.
   */
  start(key: string, metadata: ArticleMetadataEvent, produce: (production: Production) => Promise<void>): Promise<GenerationView>
  /**
   * A reader of a generation from a character offset: the events it lacks, as it pulls them, until
   * the end. It counts as a reader until it ends, is dropped, or is returned.
   */
  follow(generation: GenerationView, offset: number): Follower
  /** Stops a running generation for every reader, wherever it runs; false when none runs under this id. */
  cancel(id: string, message: string): Promise<boolean>
  /** A reader that polls instead of streaming was here: the generation stays for another linger. */
  touch(id: string): Promise<void>
  /** Generations this instance runs (not those it mirrors). Per instance. */
  running(): GenerationView[]
  /** Readers connected to this instance. Per instance. */
  readerCount(): number
  /** Generations running on every instance. Cluster-wide. */
  runningCount(): Promise<number>
  /** Cancels this instance's generations and waits for their producers to finish. */
  shutdown(): Promise<void>
}

export interface HubOptions {
  /** The other instances, when generations are shared with them (cluster.ts); none on one process. */
  cluster?: ClusterFactory
  /** Names this instance to the others. */
  instanceId?: string
  /** How long a generation left without readers keeps running, so a reconnect can resume it. @default 5000 */
  lingerMs?: number
  /** How long a poll keeps a generation alive; never less than 3 s, so pollers can keep up. @default lingerMs */
  pollKeepMs?: number
  /** A reader further behind the text than this many characters is dropped (it can resume). @default 262144 */
  maxReaderLagChars?: number
  /** How often readers' lag is checked. @default 1000 */
  lagCheckMs?: number
  /** Told of failures that are retried or survived. */
  warn?: (error: unknown, message: string) => void
}

/** A generation as this instance holds it: run here, or mirrored from another instance (with a subscription). */
export interface Local {
  generation: Generation
  record: GenerationRecord
  readers: Set<Follower>
  linger?: NodeJS.Timeout
  /** Set when this instance runs it. */
  owned?: boolean
  /** Where its events go for the other instances, when it runs here and there are others. */
  outbox?: Outbox
  /** Set when this instance mirrors it. */
  subscription?: LogSubscription
  /** Since when the owner's lease has been missing, for a mirror. */
  leaseMissingSince?: number
  /** When the owner's log last brought this mirror something: proof of life a late lease renewal does not outweigh. */
  heardAt?: number
  /** Since when a hole in the mirrored log has waited for the owner to resend. */
  gapSince?: number
}

