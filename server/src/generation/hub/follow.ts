import type { ArticleEvent } from '@portrait/schema/services'
import { errorEvent } from '../events.ts'
import type { Generation } from '../generation.ts'
import { ENDED, type Reader } from '../../streams/reader.ts'

/** One reader following a generation: the events it still lacks, as it pulls them. */
export interface Follower extends Reader<ArticleEvent> {
  /** Characters this reader has taken. */
  offset: number
  /** The next chunk it needs. */
  readonly seq: number
  /** Stops the reader now: its next event is a resumable READER_TOO_SLOW, then it ends. */
  drop(): void
}

/**
 * Streams a generation to one reader from a character offset: its metadata, a thinking notice
 * while the model reasons, the chunks it still lacks, then the final event. Pulled rather than
 * pushed: an event the generation already holds is handed over at once, with no queue, task or
 * promise of its own per reader, and a reader that stops pulling costs nothing until it is dropped
 * (`onEnd` runs then, as when it ends or leaves).
 */
export function followReader(generation: Generation, offset: number, onEnd: () => void): Follower {
  let seq = -1
  let thinking = 0
  let finalSent = false
  let dropped = false
  let ended = false
  /** Wakes a pull waiting for the generation, when the reader is dropped or leaves. */
  let interrupt: (() => void) | null = null

  const end = () => {
    if (ended) return
    ended = true
    interrupt?.()
    onEnd()
  }

  /** The next event the generation holds for this reader; null when there is none yet. */
  function take(): ArticleEvent | null {
    if (seq < 0) {
      seq = generation.seqAt(offset)
      return generation.metadata
    }
    if (generation.thinkingVersion !== thinking && generation.chunkCount === 0 && !generation.final) {
      thinking = generation.thinkingVersion
      return generation.thinking()
    }
    if (seq < generation.chunkCount) {
      const chunk = generation.chunk(seq++, offset)
      reader.offset = chunk.offset + chunk.delta.length
      return chunk
    }
    if (generation.final && !finalSent) {
      finalSent = true
      return generation.final
    }
    return null
  }

  const reader: Follower = {
    offset,
    get seq() {
      return seq < 0 ? generation.seqAt(offset) : seq
    },
    drop() {
      if (ended) return
      dropped = true
      end()
    },
    poll() {
      if (dropped) {
        dropped = false
        return { done: false, value: errorEvent(generation.id, 'READER_TOO_SLOW', `This reader fell too far behind; resume from offset ${reader.offset}.`, true) }
      }
      if (ended) return ENDED
      const event = take()
      if (event) return { done: false, value: event }
      if (finalSent) {
        end()
        return ENDED
      }
      return 'wait'
    },
    wait() {
      if (ended || dropped) return Promise.resolve()
      return new Promise<void>((resolve) => {
        const wake = () => {
          if (interrupt === wake) interrupt = null
          resolve()
        }
        interrupt = wake
        void generation.next().then(wake)
      })
    },
    async next() {
      for (;;) {
        const step = reader.poll()
        if (typeof step === 'object') return step
        await reader.wait()
      }
    },
    async return() {
      dropped = false
      end()
      return ENDED
    },
    [Symbol.asyncIterator]() {
      return this
    },
  }
  return reader
}
