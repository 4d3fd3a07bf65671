import { Generation, recentChunks, type GenerationView } from '../generation.ts'
import { WriterError } from '../writer.ts'
import type { Cluster } from './cluster.ts'
import { followReader } from './follow.ts'
import type { GenerationRecord } from './interfaces.ts'
import type { GenerationHub, HubOptions, Local, Production } from './types.ts'

export type { GenerationHub, HubOptions, Production, Push } from './types.ts'

/**
 * The hub's core: the generations this process holds, one per key, each read by its followers
 * from the one copy of its text; a generation nobody follows lingers, then stops; a reader too far
 * behind is dropped. Given a cluster layer (cluster.ts: Redis, or the in-memory roles in tests),
 * each generation runs once across instances and the others follow copies; without one, as on a
 * single process, none of that runs.
 */
export function createHub(options: HubOptions = {}): GenerationHub {
  const { instanceId = 'local', lingerMs = 5000, maxReaderLagChars = 262_144, lagCheckMs = 1000 } = options
  const pollKeepMs = Math.max(options.pollKeepMs ?? lingerMs, 3000)
  const warn = options.warn ?? (() => {})
  const locals = new Map<string, Local>()
  const keys = new Map<string, string>()
  const producers = new Set<Promise<void>>()
  const mirroring = new Map<string, Promise<GenerationView | undefined>>()
  /** Until when a poll keeps a generation alive, when there is no cluster to keep it. */
  const polledUntil = new Map<string, number>()
  let closed = false

  function abort(generation: Generation, message: string): boolean {
    if (generation.final || generation.controller.signal.aborted) return false
    generation.controller.abort(new WriterError('CANCELLED', message, true))
    return true
  }

  function register(local: Local) {
    locals.set(local.record.id, local)
    keys.set(local.record.key, local.record.id)
  }

  function forget(local: Local) {
    clearTimeout(local.linger)
    local.subscription?.stop()
    polledUntil.delete(local.record.id)
    if (locals.get(local.record.id) === local) locals.delete(local.record.id)
    if (keys.get(local.record.key) === local.record.id) keys.delete(local.record.key)
  }

  const cluster: Cluster | undefined = options.cluster?.({ instanceId, warn, local: (id) => locals.get(id), register, forget, abort })

  /** Whether anyone follows or polls the generation elsewhere (or, alone, polled it lately). */
  async function followedElsewhere(id: string): Promise<boolean> {
    if (cluster) return cluster.followed(id)
    return (polledUntil.get(id) ?? 0) > Date.now()
  }

  /** Waits out the linger, then lets the generation go unless someone follows it again, anywhere. */
  function linger(local: Local, ms = lingerMs) {
    clearTimeout(local.linger)
    const expire = async () => {
      local.linger = undefined
      const { generation } = local
      if (generation.readers > 0 || generation.final) return
      if (!local.owned) return forget(local)
      try {
        const followed = await followedElsewhere(generation.id)
        if (generation.readers > 0 || generation.final) return
        if (!followed) abort(generation, 'Every reader left.')
        else linger(local, Math.max(lingerMs, 250))
      } catch (error) {
        warn(error, 'reader counts unavailable; the generation goes on')
        linger(local, Math.max(lingerMs, 250))
      }
    }
    if (ms > 0) local.linger = setTimeout(() => void expire(), ms)
    else void expire()
  }

  // One tick checks the readers' lag and lets lingering generations go; with a cluster, it also
  // renews this instance's leases and reader counts and checks the owners of its mirrors.
  const tick = setInterval(() => void beat(), Math.max(50, Math.min(lagCheckMs, cluster?.beatMs ?? lagCheckMs)))
  tick.unref()
  let beating = false
  async function beat() {
    if (beating || closed) return
    beating = true
    try {
      const all = [...locals.values()]
      for (const local of all) {
        const { generation } = local
        let needed = generation.chunkCount - recentChunks
        for (const reader of local.readers) {
          if (generation.text.length - reader.offset > maxReaderLagChars) reader.drop()
          else needed = Math.min(needed, reader.seq)
        }
        generation.release(needed)
      }
      // What nobody here follows lingers: a copy then goes, a generation goes when nobody anywhere follows it.
      for (const local of all) if (local.generation.readers === 0 && !local.generation.final && !local.linger) linger(local)
      await cluster?.beat(all)
    } finally {
      beating = false
    }
  }

  return {
    async byKey(key) {
      const here = keys.get(key)
      if (here) return locals.get(here)?.generation
      const id = await cluster?.idOf(key)
      return id ? this.byId(id) : undefined
    },

    async byId(id) {
      const here = locals.get(id)
      if (here || !cluster) return here?.generation
      // Readers arriving together share one copy.
      let pending = mirroring.get(id)
      if (!pending) {
        pending = cluster.mirror(id).finally(() => mirroring.delete(id))
        mirroring.set(id, pending)
      }
      return pending
    },

    async writing(id) {
      const generation = await this.byId(id)
      return generation !== undefined && generation.final === null
    },

    async start(key, metadata, produce) {
      const here = keys.get(key)
      if (here && locals.get(here)) return locals.get(here)!.generation
      const record: GenerationRecord = { id: metadata.generationId, key, metadata, owner: instanceId }
      const winner = cluster ? await cluster.claim(record) : null
      if (winner !== null) {
        // Lost the race: follow the winner, even if it already ended in the meantime.
        const existing = locals.get(winner)?.generation ?? (await cluster!.mirror(winner, { finished: true }))
        if (existing) return existing
        throw new Error('Another instance claimed this generation and ended it at once.')
      }
      const generation = new Generation(key, metadata)
      const local: Local = { generation, record, readers: new Set(), owned: true }
      if (cluster) local.outbox = cluster.publish(local)
      register(local)
      const production: Production = {
        generation,
        signal: generation.controller.signal,
        append(delta) {
          const offset = generation.text.length
          if (generation.append(delta)) local.outbox?.push({ kind: 'chunk', offset, delta })
        },
        think() {
          const since = Date.now()
          if (generation.think(since)) local.outbox?.push({ kind: 'thinking', since })
        },
        end(final) {
          if (generation.final) return
          generation.end(final)
          local.outbox?.push({ kind: 'final', event: final })
        },
      }
      const running = produce(production).finally(async () => {
        await cluster?.ended(local)
        forget(local)
        producers.delete(running)
      })
      producers.add(running)
      return generation
    },

    follow(view, offset) {
      const local = locals.get(view.id)
      const here = local?.generation === view ? local : undefined
      const generation = here?.generation ?? (view as Generation)
      const reader = followReader(generation, offset, () => {
        here?.readers.delete(reader)
        generation.readers--
        if (here && locals.get(view.id) === here) {
          cluster?.shareReaders(here)
          if (generation.readers === 0 && !generation.final) linger(here)
        }
      })
      if (here) {
        here.readers.add(reader)
        clearTimeout(here.linger)
      }
      generation.readers++
      if (here) cluster?.shareReaders(here)
      return reader
    },

    async cancel(id, message) {
      const local = locals.get(id)
      if (local?.owned) return abort(local.generation, message)
      return cluster ? cluster.cancel(id) : false
    },

    async touch(id) {
      const local = locals.get(id)
      if (cluster) await cluster.markPolled(id, pollKeepMs)
      else if (local) polledUntil.set(id, Date.now() + pollKeepMs)
      if (local && local.generation.readers === 0 && !local.generation.final) linger(local, pollKeepMs)
    },

    running: () => [...locals.values()].filter((local) => local.owned && !local.generation.final).map((local) => local.generation),
    readerCount: () => [...locals.values()].reduce((sum, local) => sum + local.generation.readers, 0),
    async runningCount() {
      return cluster ? cluster.runningCount() : this.running().length
    },

    async shutdown() {
      closed = true
      clearInterval(tick)
      for (const local of locals.values()) if (local.owned) abort(local.generation, 'The server is shutting down.')
      await Promise.allSettled([...producers])
      for (const local of [...locals.values()]) forget(local)
      await cluster?.close()
    },
  }
}
