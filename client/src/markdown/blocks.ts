/**
 * Splits a growing Markdown text into finished blocks and the tail still being written. A block
 * ends at a blank line outside a code fence. Each call scans only the text added since the last.
 */
export class BlockSplitter {
  /** Finished blocks, in order. */
  readonly blocks: string[] = []
  /** Where the tail (the unfinished block) starts in the text. */
  private tailStart = 0
  /** How far the text has been scanned for block ends. */
  private scanned = 0
  private inFence = false
  private fence = ''
  private text = ''

  /** Takes the whole text so far; a text that does not extend the previous one starts over. */
  update(text: string): { blocks: readonly string[]; tail: string; reset: boolean } {
    // Comparing the whole text would make every update O(length): the start and the unfinished
    // tail are enough to tell a text that grew from one that was replaced.
    const previous = this.text
    const reset =
      text.length < previous.length ||
      text.slice(0, 64) !== previous.slice(0, 64) ||
      text.slice(this.tailStart, previous.length) !== previous.slice(this.tailStart)
    if (reset) this.reset()
    this.text = text
    // Only whole lines can end a block; the last, partial line waits for its newline.
    let lineStart = this.scanned
    for (let newline = text.indexOf('\n', lineStart); newline !== -1; newline = text.indexOf('\n', lineStart)) {
      const line = text.slice(lineStart, newline)
      const fence = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1]
      if (fence && (!this.inFence || (fence[0] === this.fence[0] && fence.length >= this.fence.length))) {
        this.inFence = !this.inFence
        this.fence = fence
      } else if (!this.inFence && line.trim() === '' && lineStart > this.tailStart) {
        const block = text.slice(this.tailStart, lineStart)
        if (block.trim()) this.blocks.push(block)
        this.tailStart = newline + 1
      }
      lineStart = newline + 1
    }
    this.scanned = lineStart
    return { blocks: this.blocks, tail: text.slice(this.tailStart), reset }
  }

  private reset() {
    this.blocks.length = 0
    this.tailStart = 0
    this.scanned = 0
    this.inFence = false
    this.fence = ''
  }
}
