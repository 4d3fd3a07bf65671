// Slightly over 200 lines on purpose: the linger, the heartbeat tick and the reader registry
// share the map of local generations; mirrors, outbox, follow and the roles are their own files.
import { Generation, recentChunks, type GenerationView } from '../generation.ts'
import { WriterError } from '../writer.ts'
import { followReader } from './follow.ts'
import type { GenerationRecord } from './interfaces.ts'
import { createMirrors } from './mirrors.ts'
import { Outbox } from './outbox.ts'
import type { GenerationHub, HubOptions, Local, Production } from './types.ts'

export type { GenerationHub, HubOptions, Production, Push } from './types.ts'

/**
 * The hub over whichever store and transport it is given: in-memory ones for one instance, Redis
 * ones for several. Each generation runs once, on the instance that claimed its key; its entries
 * go out through the transport, and other instances' readers follow local copies built from them.
 */
export function createHub(options: HubOptions): GenerationHub {
  const { store, transport, instanceId, lingerMs = 5000, maxReaderLagChars = 262_144, lagCheckMs = 1000, leaseMs = 3000 } = options
  const pollKeepMs = Math.max(options.pollKeepMs ?? lingerMs, 3000)
  const warn = options.warn ?? (() => {})
  const locals = new Map<string, Local>()
  const keys = new Map<string, string>()
  const producers = new Set<Promise<void>>()
  const mirroring = new Map<string, Promise<GenerationView | undefined>>()
  let closed = false

  transport.onSignal((id, signal) => {
    const local = locals.get(id)
    if (!local?.outbox) return
    if (signal === 'cancel') abort(local.generation, 'The generation was cancelled.')
    else local.outbox.resend()
  })

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
    if (locals.get(local.record.id) === local) locals.delete(local.record.id)
    if (keys.get(local.record.key) === local.record.id) keys.delete(local.record.key)
  }

  /** Waits out the linger, then lets the generation go unless someone follows it again, anywhere. */
  function linger(local: Local, ms = lingerMs) {
    clearTimeout(local.linger)
    const expire = async () => {
      local.linger = undefined
      const { generation } = local
      if (generation.readers > 0 || generation.final) return
      if (!local.outbox) return forget(local)
      try {
        const [elsewhere, polled] = await Promise.all([store.readers(generation.id), store.polled(generation.id)])
        if (generation.readers > 0 || generation.final) return
        if (elsewhere === 0 && !polled) abort(generation, 'Every reader left.')
        else linger(local, Math.max(lingerMs, 250))
      } catch (error) {
        warn(error, 'reader counts unavailable; the generation goes on')
        linger(local, Math.max(lingerMs, 250))
      }
    }
    if (ms > 0) local.linger = setTimeout(() => void expire(), ms)
    else void expire()
  }

  function shareReaders(local: Local) {
    store.setReaders(local.record.id, instanceId, local.generation.readers).catch((error: unknown) => warn(error, 'reader count not shared'))
  }

  const mirrors = createMirrors({ store, transport, instanceId, rescue: options.rescue, leaseMs, warn, register, forget })

  // One tick renews this instance's leases and reader counts, checks its readers' lag and the
  // liveness of the owners it mirrors.
  const tick = setInterval(() => void beat(), Math.max(50, Math.min(lagCheckMs, Math.floor(leaseMs / 3))))
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
      const owned = all.filter((local) => local.outbox && !local.generation.final)
      await store.heartbeat(owned.map((local) => local.record)).catch((error: unknown) => warn(error, 'heartbeat failed'))
      for (const local of all) if (!local.outbox && local.generation.readers > 0) shareReaders(local)
      for (const local of all) if (local.subscription && !local.generation.final) await mirrors.check(local)
    } finally {
      beating = false
    }
  }

  return {
    async byKey(key) {
      const here = keys.get(key)
      if (here) return locals.get(here)?.generation
      const id = await store.idOf(key)
      return id ? this.byId(id) : undefined
    },

    async byId(id) {
      const here = locals.get(id)
      if (here) return here.generation
      // Readers arriving together share one copy.
      let pending = mirroring.get(id)
      if (!pending) {
        pending = mirrors.mirror(id).finally(() => mirroring.delete(id))
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
      const winner = await store.claim(record)
      if (winner !== null) {
        // Lost the race: follow the winner, even if it already ended in the meantime.
        const existing = locals.get(winner)?.generation ?? (await mirrors.mirror(winner, { finished: true }))
        if (existing) return existing
        throw new Error('Another instance claimed this generation and ended it at once.')
      }
      const generation = new Generation(key, metadata)
      const outbox = new Outbox({
        transport,
        id: record.id,
        text: () => generation.text,
        thinkingSince: () => generation.thinkingSince,
        onError: (error) => warn(error, 'events not shared yet; retrying') })
      const local: Local = { generation, record, readers: new Set(), outbox }
      register(local)
      const production: Production = {
        generation,
        signal: generation.controller.signal,
        append(delta) {
          const offset = generation.text.length
          if (generation.append(delta)) outbox.push({ kind: 'chunk', offset, delta })
        },
        think() {
          const since = Date.now()
          if (generation.think(since)) outbox.push({ kind: 'thinking', since })
        },
        end(final) {
          if (generation.final) return
          generation.end(final)
          outbox.push({ kind: 'final', event: final })
        },
      }
      const running = produce(production).finally(async () => {
        // Readers elsewhere need the end; the key is free once they can have it.
        if (!(await outbox.drain(leaseMs * 10))) warn(null, 'the end of a generation was not shared')
        await store.release(record).catch((error: unknown) => warn(error, 'generation not released'))
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
          shareReaders(here)
          if (generation.readers === 0 && !generation.final) linger(here)
        }
      })
      if (here) {
        here.readers.add(reader)
        clearTimeout(here.linger)
      }
      generation.readers++
      if (here) shareReaders(here)
      return reader
    },

    async cancel(id, message) {
      const local = locals.get(id)
      if (local?.outbox) return abort(local.generation, message)
      if (!(await store.alive(id))) return false
      await transport.signal(id, 'cancel')
      return true
    },

    async touch(id) {
      const local = locals.get(id)
      await store.markPolled(id, pollKeepMs)
      if (local && local.generation.readers === 0 && !local.generation.final) linger(local, pollKeepMs)
    },

    running: () => [...locals.values()].filter((local) => local.outbox && !local.generation.final).map((local) => local.generation),
    readerCount: () => [...locals.values()].reduce((sum, local) => sum + local.generation.readers, 0),
    runningCount: () => store.runningCount(),

    async shutdown() {
      closed = true
      clearInterval(tick)
      for (const local of locals.values()) if (local.outbox) abort(local.generation, 'The server is shutting down.')
      await Promise.allSettled([...producers])
      for (const local of [...locals.values()]) forget(local)
      await transport.close()
    },
  }
}
