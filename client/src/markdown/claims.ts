/** A block of the text: where its Markdown starts, and the Markdown itself. */
export interface SourceBlock {
  start: number
  source: string
}

/** Where a value stated in the Markdown is in the render: in which block, and which occurrence of it there. */
export interface ClaimPlace {
  block: number
  occurrence: number
}

/**
 * Parts of the Markdown the page does not show as text: link destinations and titles, and link
 * reference definitions. Blanked (same length) so that they count no occurrence of a value.
 */
const unseen = [/\]\([^)\n]*\)/g, /^ {0,3}\[[^\]\n]+\]:.*$/gm]

/** How many times `value` occurs in `text`, without overlaps, as a search of the render finds them. */
export function occurrences(text: string, value: string): number {
  if (!value) return 0
  let count = 0
  for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + value.length)) count++
  return count
}

/**
 * Finds the value `value` that the Markdown states at offset `start` in the rendered blocks: the
 * block whose source holds it, and how many times the value occurs before it in that block's
 * visible text (its occurrences in the source before `start`, links' destinations left out).
 * Markdown syntax never splits such a value, so the same occurrence is in the block's rendered
 * text. Null when no block holds the whole value.
 */
export function placeOf(blocks: readonly SourceBlock[], start: number, value: string): ClaimPlace | null {
  const index = blockAt(blocks, start)
  if (index === -1) return null
  const { start: from, source } = blocks[index]!
  const at = start - from
  if (source.slice(at, at + value.length) !== value) return null
  let before = source.slice(0, at)
  for (const pattern of unseen) before = before.replace(pattern, (part) => ' '.repeat(part.length))
  return { block: index, occurrence: occurrences(before, value) }
}

/** The block whose source holds offset `at` (blocks in text order), or -1. */
function blockAt(blocks: readonly SourceBlock[], at: number): number {
  let low = 0
  let high = blocks.length - 1
  while (low <= high) {
    const middle = (low + high) >> 1
    const block = blocks[middle]!
    if (at < block.start) high = middle - 1
    else if (at >= block.start + block.source.length) low = middle + 1
    else return middle
  }
  return -1
}
