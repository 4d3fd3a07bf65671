import type { GenerationView } from '../generation.ts'
import { Generation } from '../generation.ts'
import type { EventTransport, GenerationRecord, GenerationStore } from './interfaces.ts'
import { createMirrors } from './mirrors.ts'
import { Outbox } from './outbox.ts'
import type { Local } from './types.ts'

/**
 * The layer a hub needs only when several instances share generations (Redis in production; the
 * in-memory store and transport for tests of several hubs in one process): claims of keys, leases
 * renewed by heartbeat, each owner's events published for the others, mirrors of generations
 * running elsewhere, cancel and resend signals, reader counts across instances, and the rescue of
 * what an owner that died had written. One process runs the hub's core without it (hub.ts).
 */

export interface ClusterOptions {
  store: GenerationStore
  transport: EventTransport
  /** The owner's lease; heartbeats run at a third of it, and a follower waits a whole lease more before calling an owner dead. @default 3000 */
  leaseMs?: number
  /** Saves what a generation whose owner died had written; one instance does it. */
  rescue?: (generation: GenerationView) => Promise<void>
}

/** What the cluster layer needs of the hub's core. */
export interface Core {
  instanceId: string
  warn: (error: unknown, message: string) => void
  /** The generation this instance holds under an id (run here or mirrored). */
  local(id: string): Local | undefined
  register(local: Local): void
  forget(local: Local): void
  abort(generation: Generation, message: string): boolean
}

export interface Cluster {
  /** How often `beat` should run. */
  readonly beatMs: number
  /** The generation holding a key on another instance. */
  idOf(key: string): Promise<string | undefined>
  /** This instance's copy of a generation running elsewhere (`finished`: even one that has ended). */
  mirror(id: string, options?: { finished?: boolean }): Promise<GenerationView | undefined>
  /** Claims a key for a generation about to run here; null when won, else the id of the one holding it. */
  claim(record: GenerationRecord): Promise<string | null>
  /** Publishes the events of a generation run here, for the other instances. */
  publish(local: Local): Outbox
  /** A generation run here ended: its last events reach the others, then its key is free. */
  ended(local: Local): Promise<void>
  /** Whether anyone follows or polls the generation on any instance. */
  followed(id: string): Promise<boolean>
  /** Tells the other instances how many readers follow a generation here. */
  shareReaders(local: Local): void
  markPolled(id: string, ms: number): Promise<void>
  /** Asks the instance running a generation to stop it; false when none does. */
  cancel(id: string): Promise<boolean>
  /** Renews this instance's leases and reader counts, and checks the owners of its mirrors. */
  beat(locals: Local[]): Promise<void>
  runningCount(): Promise<number>
  close(): Promise<void>
}

export type ClusterFactory = (core: Core) => Cluster

export function createCluster({ store, transport, leaseMs = 3000, rescue }: ClusterOptions): ClusterFactory {
  return (core) => {
    const { instanceId, warn } = core
    transport.onSignal((id, signal) => {
      const local = core.local(id)
      if (!local?.outbox) return
      if (signal === 'cancel') core.abort(local.generation, 'The generation was cancelled.')
      else local.outbox.resend()
    })
    const mirrors = createMirrors({ store, transport, instanceId, rescue, leaseMs, warn, register: core.register, forget: core.forget })
    const shareReaders = (local: Local) =>
      void store.setReaders(local.record.id, instanceId, local.generation.readers).catch((error: unknown) => warn(error, 'reader count not shared'))

    return {
      beatMs: Math.floor(leaseMs / 3),
      idOf: (key) => store.idOf(key),
      mirror: (id, options) => mirrors.mirror(id, options),
      claim: (record) => store.claim(record),
      publish(local) {
        const { generation } = local
        return new Outbox({
          transport,
          id: local.record.id,
          text: () => generation.text,
          thinkingSince: () => generation.thinkingSince,
          onError: (error) => warn(error, 'events not shared yet; retrying'),
        })
      },
      async ended(local) {
        // Readers elsewhere need the end; the key is free once they can have it.
        if (local.outbox && !(await local.outbox.drain(leaseMs * 10))) warn(null, 'the end of a generation was not shared')
        await store.release(local.record).catch((error: unknown) => warn(error, 'generation not released'))
      },
      async followed(id) {
        const [elsewhere, polled] = await Promise.all([store.readers(id), store.polled(id)])
        return elsewhere > 0 || polled
      },
      shareReaders,
      markPolled: (id, ms) => store.markPolled(id, ms),
      async cancel(id) {
        if (!(await store.alive(id))) return false
        await transport.signal(id, 'cancel')
        return true
      },
      async beat(locals) {
        const owned = locals.filter((local) => local.outbox && !local.generation.final)
        await store.heartbeat(owned.map((local) => local.record)).catch((error: unknown) => warn(error, 'heartbeat failed'))
        for (const local of locals) if (!local.outbox && local.generation.readers > 0) shareReaders(local)
        for (const local of locals) if (local.subscription && !local.generation.final) await mirrors.check(local)
      },
      runningCount: () => store.runningCount(),
      close: () => transport.close(),
    }
  }
}
