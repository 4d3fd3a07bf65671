import { errorEvent } from '../events.ts'
import { Generation, type GenerationView } from '../generation.ts'
import type { LogEntry } from './interfaces.ts'
import type { ClusterOptions } from './cluster.ts'
import type { Local } from './types.ts'

export interface MirrorsOptions extends Pick<ClusterOptions, 'store' | 'transport' | 'rescue'> {
  instanceId: string
  leaseMs: number
  warn: (error: unknown, message: string) => void
  register(local: Local): void
  forget(local: Local): void
}

/**
 * This instance's copies of generations running elsewhere: built from the owner's log, applied
 * only where each chunk fits, and ended for their readers when the owner or the log is lost.
 */
export function createMirrors({ store, transport, instanceId, rescue, leaseMs, warn, register, forget }: MirrorsOptions) {
  /** Applies entries from the owner's log to this instance's copy, only where they fit. */
  function apply(local: Local, entries: LogEntry[]) {
    const { generation } = local
    local.heardAt = Date.now()
    for (const entry of entries) {
      if (entry.kind === 'thinking') generation.think(entry.since)
      else if (entry.kind === 'final') generation.end(entry.event)
      else if (generation.appendAt(entry.offset, entry.delta) === 'gap') {
        // A hole: the owner publishes its whole text again, which fills it. Until then nothing past it applies.
        if (local.gapSince === undefined) {
          local.gapSince = Date.now()
          transport.signal(generation.id, 'resend').catch((error: unknown) => warn(error, 'resend not asked'))
        }
        continue
      } else local.gapSince = undefined
    }
    if (generation.final) forget(local)
  }

  function endMirror(local: Local, message: string) {
    local.generation.end(errorEvent(local.generation.id, 'UPSTREAM_UNAVAILABLE', message, true))
    forget(local)
  }

  /** Builds this instance's copy of a generation running elsewhere, caught up to now. */
  async function mirror(id: string, { finished = false } = {}): Promise<GenerationView | undefined> {
    const record = await store.get(id)
    if (!record) return undefined
    const local: Local = { generation: new Generation(record.key, record.metadata), record, readers: new Set() }
    local.subscription = await transport.subscribe(id, {
      entries: (entries) => apply(local, entries),
      lost: () => endMirror(local, 'Lost contact with the server writing this article; resume in a moment.'),
    })
    // A generation that ended is served from the database, where it was saved before it ended,
    // unless the caller lost the race to start it: then the winner's log, whole, is what it follows.
    if (local.generation.final) {
      local.subscription.stop()
      return finished ? local.generation : undefined
    }
    if (!(await store.alive(id))) {
      local.subscription.stop()
      return undefined
    }
    register(local)
    if (!transport.keepsLog && !local.generation.text) {
      transport.signal(id, 'resend').catch((error: unknown) => warn(error, 'resend not asked'))
    }
    return local.generation
  }

  /** The owner of a mirrored generation is gone: one instance saves what it wrote, and every reader hears. */
  async function orphaned(local: Local) {
    const { generation } = local
    if (await store.takeRescue(generation.id, instanceId)) {
      warn(null, 'the owner of a generation stopped; saving its text')
      await rescue?.(generation).catch((error: unknown) => warn(error, 'orphaned text not saved'))
      const final = errorEvent(generation.id, 'UPSTREAM_UNAVAILABLE', 'The server writing this article stopped. What it wrote is saved; start again to write it anew.', true)
      await transport.publish(generation.id, [{ kind: 'final', event: final }]).catch((error: unknown) => warn(error, 'end of an orphan not shared'))
      apply(local, [{ kind: 'final', event: final }])
    } else if (Date.now() - local.leaseMissingSince! > 3 * leaseMs) {
      // Whoever took the rescue did not finish it: end the copy here all the same.
      endMirror(local, 'The server writing this article stopped.')
    }
  }

  /** Checks a copy's owner is alive and its log whole; ends it for its readers when either is lost for good. */
  async function check(local: Local) {
    // An owner still writing is alive, even when a busy event loop renewed its lease late.
    const writing = local.heardAt !== undefined && Date.now() - local.heardAt < leaseMs
    const alive = writing || (await store.alive(local.record.id).catch(() => true))
    if (alive) local.leaseMissingSince = undefined
    else if (Date.now() - (local.leaseMissingSince ??= Date.now()) >= leaseMs) await orphaned(local)
    if (local.gapSince !== undefined && Date.now() - local.gapSince > 2 * leaseMs && !local.generation.final) {
      endMirror(local, 'Part of this article did not reach this server; resume to continue.')
    }
  }

  return { mirror, check }
}
