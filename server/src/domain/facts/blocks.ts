/**
 * Markdown cut into the blocks a claim can live in: a heading, a paragraph, one list item, a
 * quote, a table. A line's place is decided by the line itself, the one before it and (for a
 * table's header) the one after, never by anything further away: so any cut that markdown-it's
 * lexer or a blank line makes is also a cut here, and checking the text a block at a time finds
 * the same claims as checking it whole.
 */

export type BlockKind = 'heading' | 'paragraph' | 'item' | 'quote' | 'table'

export interface Block {
  kind: BlockKind
  /** Offset of the block's first character in the text it was cut from. */
  start: number
  /** Offset just after its last line's last character (the newline excluded). */
  end: number
}

type LineKind = 'blank' | 'break' | 'heading' | 'item' | 'quote' | 'table' | 'text'

interface Line {
  start: number
  end: number
  text: string
}

const delimiterRow = /^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$|^ {0,3}\|\s*:?-+:?\s*\|?\s*$/

function classify(line: string, previous: LineKind, next: string | undefined): LineKind {
  if (/^\s*$/.test(line)) return 'blank'
  // Fences, rules and setext underlines, HTML and link definitions hold no prose to check.
  if (/^ {0,3}(```|~~~)/.test(line)) return 'break'
  if (/^ {0,3}([-*_=])(\s*\1){2,}\s*$/.test(line)) return 'break'
  if (/^ {0,3}<[A-Za-z!/]/.test(line) || /^ {0,3}\[[^\]]+\]:/.test(line)) return 'break'
  if (/^ {0,3}#{1,6}(\s|$)/.test(line)) return 'heading'
  if (/^ {0,3}>/.test(line)) return 'quote'
  if (/^ {0,3}([-*+]|\d{1,9}[.)])(\s|$)/.test(line)) return 'item'
  if (previous === 'table') return 'table'
  if (line.includes('|') && next !== undefined && delimiterRow.test(next)) return 'table'
  if (/^ {0,3}\|/.test(line)) return 'table'
  return 'text'
}

function splitLines(text: string): Line[] {
  const lines: Line[] = []
  let start = 0
  while (start <= text.length) {
    const newline = text.indexOf('\n', start)
    const end = newline === -1 ? text.length : newline
    const raw = text.slice(start, end)
    // A CR before the newline belongs to the line break, not to the line.
    const trimmed = raw.endsWith('\r') ? raw.slice(0, -1) : raw
    lines.push({ start, end: start + trimmed.length, text: trimmed })
    if (newline === -1) break
    start = newline + 1
  }
  return lines
}

/** The blocks of a Markdown text, in order. */
export function splitBlocks(text: string): Block[] {
  const lines = splitLines(text)
  const blocks: Block[] = []
  let current: Block | null = null
  let previous: LineKind = 'blank'
  const close = () => {
    if (current) blocks.push(current)
    current = null
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const kind = classify(line.text, previous, lines[i + 1]?.text)
    previous = kind
    const open = current as Block | null
    switch (kind) {
      case 'blank':
      case 'break':
        close()
        break
      case 'heading':
        close()
        blocks.push({ kind: 'heading', start: line.start, end: line.end })
        break
      case 'table':
      case 'quote':
        if (open?.kind === kind && !(kind === 'quote' && /^ {0,3}>\s*$/.test(line.text))) open.end = line.end
        else {
          close()
          // An empty quote line separates the quote's paragraphs.
          if (!/^ {0,3}>\s*$/.test(line.text)) current = { kind, start: line.start, end: line.end }
        }
        break
      case 'item':
        close()
        current = { kind: 'item', start: line.start, end: line.end }
        break
      case 'text':
        if (open && open.kind !== 'table') open.end = line.end
        else {
          close()
          current = { kind: 'paragraph', start: line.start, end: line.end }
        }
        break
    }
  }
  close()
  return blocks
}
