import { errorEvent } from '../events.ts'
import type { Generation } from '../generation.ts'
import type { Push } from './hub.ts'

/** One reader following a generation. */
export interface Reader {
  /** Characters this reader has taken. */
  offset: number
  /** Stops the reader now: it gets a resumable READER_TOO_SLOW. */
  drop(): void
  /** Resolves when the reader has its last event, or left. */
  done: Promise<void>
}

/**
 * Streams a generation to one reader from a character offset: its metadata, a thinking notice
 * while the model reasons, the chunks it still lacks, then the final event. A reader that stops
 * taking events is never waited for: each push races the drop.
 */
export function followReader(generation: Generation, offset: number, push: Push, stopped: () => boolean): Reader {
  let dropped = false
  let drop!: () => void
  const droppedNow = new Promise<'dropped'>((resolve) => (drop = () => resolve('dropped')))
  const reader: Reader = {
    offset,
    drop() {
      dropped = true
      drop()
    },
    done: Promise.resolve(),
  }
  const gone = () => stopped() || dropped

  reader.done = (async () => {
    await push(generation.metadata)
    let seq = generation.seqAt(offset)
    let thinking = 0
    while (!gone()) {
      if (generation.thinkingVersion !== thinking && generation.chunkCount === 0 && !generation.final) {
        thinking = generation.thinkingVersion
        await Promise.race([push(generation.thinking()), droppedNow])
      }
      while (seq < generation.chunkCount && !gone()) {
        const chunk = generation.chunk(seq, offset)
        await Promise.race([push(chunk), droppedNow])
        reader.offset = chunk.offset + chunk.delta.length
        seq++
      }
      if (gone()) break
      if (generation.final && seq >= generation.chunkCount) {
        await push(generation.final)
        return
      }
      await Promise.race([generation.next(), droppedNow])
    }
    if (dropped && !stopped()) {
      void push(errorEvent(generation.id, 'READER_TOO_SLOW', `This reader fell too far behind; resume from offset ${reader.offset}.`, true))
    }
  })()
  return reader
}
