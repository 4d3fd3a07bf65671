/**
 * The checker over a text that is still being written: each block's checks as soon as the block
 * is finished, with offsets in the whole text. Pushing a text in any pieces and then ending gives
 * exactly `checkFacts` of the whole text.
 */
import { splitBlocks } from './blocks.ts'
import { checkBlockAt } from './check.ts'
import { lexiconFor } from './languages.ts'
import { subjectOf } from './subject.ts'
import type { CollectionFacts, FactCheck } from './types.ts'

export interface FactStream {
  /** Adds the next piece of the text; returns the checks of the blocks it finished. */
  push(delta: string): FactCheck[]
  /** The text is complete: returns the checks of its last blocks. */
  end(): FactCheck[]
}

/** A checker for a text that arrives in pieces; `offset` is where the first piece starts. */
/** Longer than any paragraph, heading or table a reader proofreads: such a block is not checked while it streams. */
const MAX_BLOCK_CHARS = 50_000

/** Where the text after the first blank line starts in `text` (a line break, spaces, a line break); -1 when there is none. */
function blankLineEnd(text: string): number {
  const match = /\n[ \t]*\n/.exec(text)
  return match ? match.index + match[0].length : -1
}

export function createFactStream(facts: CollectionFacts, language: string, offset = 0): FactStream {
  const lexicon = lexiconFor(language)
  const subject = subjectOf(facts)
  // The text from the start of the first unfinished block, and where that is in the whole text.
  let pending = ''
  let pendingStart = offset
  // Past a block too long to be one (a stream without line breaks): nothing is checked until the next blank line.
  let skipping = false
  let lastChar = ''
  return {
    push(delta) {
      if (!lexicon || !delta) return []
      if (skipping) {
        const resume = blankLineEnd(lastChar + delta) - lastChar.length
        if (resume < 0) {
          lastChar = delta.at(-1)!
          pendingStart += delta.length
          return []
        }
        pendingStart += resume
        delta = delta.slice(resume)
        skipping = false
      }
      pending += delta
      if (pending.length > MAX_BLOCK_CHARS) {
        pendingStart += pending.length
        lastChar = pending.at(-1)!
        pending = ''
        skipping = true
        return []
      }
      // Looked for in the new piece only: searching the whole pending text would copy it at every piece.
      if (!delta.includes('\n')) return []
      const lastNewline = pending.lastIndexOf('\n')
      // Only whole lines: a line still being written may yet become a heading or a table row.
      const complete = pending.slice(0, lastNewline)
      const blocks = splitBlocks(complete)
      const last = blocks.at(-1)
      // The last block is finished when a blank line or a rule follows it; otherwise the next line may extend it.
      const finished = last && complete.length > last.end ? blocks : blocks.slice(0, -1)
      if (finished.length === 0) return []
      const checks = finished.flatMap((block) => checkBlockAt(complete, block, subject, lexicon, pendingStart))
      const cut = finished.at(-1)!.end
      pending = pending.slice(cut)
      pendingStart += cut
      return checks
    },
    end() {
      if (!lexicon) return []
      const checks = splitBlocks(pending).flatMap((block) => checkBlockAt(pending, block, subject, lexicon, pendingStart))
      pendingStart += pending.length
      pending = ''
      return checks
    },
  }
}
