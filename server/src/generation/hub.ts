import type { ArticleEvent } from '@portrait/schema/services'
import { errorEvent, Generation } from './generation.ts'
import { WriterError } from './writer.ts'

/** Pushes an event to one reader; resolves when the reader has taken it. */
export type Push = (event: ArticleEvent) => Promise<unknown>

/**
 * Where running generations live and how readers follow them. This in-memory hub serves one
 * process; a shared one (Redis) can take its place behind the same interface.
 */
export interface GenerationHub {
  /** The generation running for these artist and options, if any. */
  byKey(key: string): Promise<Generation | undefined>
  byId(id: string): Promise<Generation | undefined>
  /** Generations running now, as this process sees them. */
  list(): Promise<Generation[]>
  /** How many generations run now, counted wherever they run (for the concurrency cap). */
  runningCount(): Promise<number>
  /**
   * Claims the generation's key and runs its producer, which ends it. When another generation
   * claimed the key first, that one is returned instead and `produce` never runs.
   */
  start(generation: Generation, produce: (generation: Generation) => Promise<void>): Promise<Generation>
  /** Streams a generation to one reader from a character offset, until its end or until the reader leaves. */
  follow(generation: Generation, offset: number, push: Push, stopped: () => boolean): Promise<void>
  /** Stops a running generation for every reader; false when it is not running. */
  cancel(id: string, message: string): Promise<boolean>
  /** A reader that polls instead of streaming was here: keep the generation alive for another linger. */
  touch(id: string): Promise<void>
  /** Cancels every generation and waits for their producers to finish. */
  shutdown(): Promise<void>
}

export interface MemoryHubOptions {
  /** How long a generation left without readers keeps running, so a reconnect can resume it. @default 5000 */
  lingerMs?: number
  /** A reader further behind the text than this many characters is dropped (it can resume). @default 262144 */
  maxReaderLagChars?: number
  /** How often readers' lag is checked. @default 1000 */
  lagCheckMs?: number
  /** Told whenever the number of this process's readers of a generation changes. */
  onReaders?: (generation: Generation, readers: number) => void
  /**
   * Asked when the linger of a generation without readers here is over: false keeps it running
   * (readers elsewhere still follow it). @default idle unless polled within the linger
   */
  stillIdle?: (generation: Generation) => Promise<boolean>
}

interface Reader {
  /** Characters this reader has taken. */
  offset: number
  drop(): void
}

export function createMemoryHub({
  lingerMs = 5000,
  maxReaderLagChars = 262_144,
  lagCheckMs = 1000,
  onReaders,
  stillIdle = async () => true,
}: MemoryHubOptions = {}): GenerationHub {
  const keys = new Map<string, Generation>()
  const ids = new Map<string, Generation>()
  const producers = new Set<Promise<void>>()
  const lingering = new Map<Generation, NodeJS.Timeout>()
  const readers = new Map<Generation, Set<Reader>>()

  // A reader that stops reading is not waited for: the generation goes on for the others, and
  // one that falls too far behind is dropped, so nothing is held on its behalf.
  const watchdog = setInterval(() => {
    for (const [generation, set] of readers) {
      for (const reader of set) {
        if (generation.text.length - reader.offset > maxReaderLagChars) reader.drop()
      }
    }
  }, lagCheckMs)
  watchdog.unref()

  function cancel(generation: Generation, message: string): boolean {
    if (generation.final || generation.controller.signal.aborted) return false
    generation.controller.abort(new WriterError('CANCELLED', message, true))
    return true
  }

  function release(generation: Generation) {
    clearTimeout(lingering.get(generation))
    lingering.delete(generation)
  }

  /** Waits out the linger, then cancels the generation unless someone follows it again. */
  function linger(generation: Generation) {
    const expire = () => {
      lingering.delete(generation)
      if (generation.readers > 0 || generation.final) return
      void stillIdle(generation).then(
        (idle) => {
          if (generation.readers > 0 || generation.final) return
          if (idle) cancel(generation, 'Every reader left.')
          else lingering.set(generation, setTimeout(expire, Math.max(lingerMs, 250)))
        },
        () => lingering.set(generation, setTimeout(expire, Math.max(lingerMs, 250))),
      )
    }
    if (lingerMs > 0) lingering.set(generation, setTimeout(expire, lingerMs))
    else expire()
  }

  return {
    byKey: async (key) => keys.get(key),
    byId: async (id) => ids.get(id),
    list: async () => [...ids.values()],
    runningCount: async () => ids.size,

    async start(generation, produce) {
      const claimed = keys.get(generation.key)
      if (claimed) return claimed
      keys.set(generation.key, generation)
      ids.set(generation.id, generation)
      readers.set(generation, new Set())
      const running = produce(generation).finally(() => {
        release(generation)
        keys.delete(generation.key)
        ids.delete(generation.id)
        readers.delete(generation)
        producers.delete(running)
      })
      producers.add(running)
      return generation
    },

    async follow(generation, offset, push, stopped) {
      let isDropped = false
      const reader: Reader = { offset, drop: () => {} }
      // Raced against each push: a reader that stopped reading never takes its pending event.
      const droppedNow = new Promise<'dropped'>((resolve) => {
        reader.drop = () => {
          isDropped = true
          resolve('dropped')
        }
      })
      readers.get(generation)?.add(reader)
      generation.readers++
      onReaders?.(generation, generation.readers)
      release(generation)
      try {
        await push(generation.metadata)
        let seq = generation.seqAt(offset)
        let thinking = 0
        while (!stopped() && !isDropped) {
          if (generation.thinkingVersion !== thinking && generation.chunkCount === 0 && !generation.final) {
            thinking = generation.thinkingVersion
            await Promise.race([push(generation.thinking()), droppedNow])
          }
          while (seq < generation.chunkCount && !stopped() && !isDropped) {
            const chunk = generation.chunk(seq, offset)
            await Promise.race([push(chunk), droppedNow])
            reader.offset = chunk.offset + chunk.delta.length
            seq++
          }
          if (stopped() || isDropped) break
          if (generation.final && seq >= generation.chunkCount) {
            await push(generation.final)
            return
          }
          await Promise.race([generation.next(), droppedNow])
        }
        if (isDropped && !stopped()) {
          void push(errorEvent(generation.id, 'READER_TOO_SLOW', `This reader fell too far behind; resume from offset ${reader.offset}.`, true))
        }
      } finally {
        readers.get(generation)?.delete(reader)
        generation.readers--
        onReaders?.(generation, generation.readers)
        if (generation.readers === 0 && !generation.final) linger(generation)
      }
    },

    async cancel(id, message) {
      const generation = ids.get(id)
      return generation ? cancel(generation, message) : false
    },

    async touch(id) {
      const generation = ids.get(id)
      if (generation && lingering.has(generation)) {
        release(generation)
        linger(generation)
      }
    },

    async shutdown() {
      clearInterval(watchdog)
      for (const generation of ids.values()) cancel(generation, 'The server is shutting down.')
      await Promise.allSettled([...producers])
    },
  }
}
