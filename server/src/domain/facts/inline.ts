/**
 * A block's Markdown made ready for reading as prose, without moving a character: syntax that
 * carries no words (markers, link targets, code, HTML) becomes spaces, so every offset found in
 * the result is an offset in the source. Emphasis and quotation marks are kept as spans, since a
 * title in *italics* or «guillemets» is how a portrait names a work.
 */
import type { BlockKind } from './blocks.ts'

export type SpanKind = 'em' | 'strong' | 'quote'

/** Where emphasised or quoted words are: the content, without its markers. */
export interface Span {
  start: number
  end: number
  kind: SpanKind
}

export interface Prepared {
  /** The block with its syntax blanked out, as long as the source. */
  work: string
  spans: Span[]
}

const spaces = (text: string) => text.replace(/[^\n]/g, ' ')

/** Blanks each match, or only its syntax when `keep` names the group of words to keep. */
function blank(text: string, pattern: RegExp, keep?: number): string {
  return text.replace(pattern, (match: string, ...groups: unknown[]) => {
    if (keep === undefined) return spaces(match)
    const inner = groups[keep - 1]
    if (typeof inner !== 'string') return spaces(match)
    const at = match.indexOf(inner, 1)
    return spaces(match.slice(0, at)) + inner + spaces(match.slice(at + inner.length))
  })
}

const blockMarkers: Record<BlockKind, RegExp | null> = {
  heading: /^( {0,3}#{1,6}\s?)|(\s#+\s*)$/g,
  item: /^( {0,3}(?:[-*+]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?)/g,
  quote: /^( {0,3}(?:>\s?)+)/gm,
  paragraph: null,
  table: null,
}

/** Emphasis from the outside in: `***both***`, then `**strong**`, then `*em*`, with `_` alike. */
const emphasis: { pattern: RegExp; marker: number; kinds: SpanKind[] }[] = [
  { pattern: /(?<![*\\])\*\*\*(?![\s*])([^*\n]+?)(?<![\s*])\*\*\*(?!\*)/g, marker: 3, kinds: ['strong', 'em'] },
  { pattern: /(?<![_\p{L}\p{N}\\])___(?![\s_])([^_\n]+?)(?<![\s_])___(?![_\p{L}\p{N}])/gu, marker: 3, kinds: ['strong', 'em'] },
  { pattern: /(?<![*\\])\*\*(?![\s*])([^\n]*?[^\s*]\**)\*\*(?!\*)/g, marker: 2, kinds: ['strong'] },
  { pattern: /(?<![_\p{L}\p{N}\\])__(?![\s_])([^\n]*?[^\s_])__(?![_\p{L}\p{N}])/gu, marker: 2, kinds: ['strong'] },
  { pattern: /(?<![*\p{L}\p{N}\\])\*(?![\s*])([^*\n]*?[^\s*])\*(?![*\p{L}\p{N}])/gu, marker: 1, kinds: ['em'] },
  { pattern: /(?<![_\p{L}\p{N}\\])_(?![\s_])([^_\n]*?[^\s_])_(?![_\p{L}\p{N}])/gu, marker: 1, kinds: ['em'] },
]

/** Quotation marks, straight, curly and French; a quote's content stops at its line. */
const quotes = [
  /"([^"\n]+)"/g,
  /“([^”\n]+)”/g,
  /«([^»\n]+)»/g,
  /(?<![\p{L}\p{N}])‘([^’\n]+)’(?![\p{L}\p{N}])/gu,
]

function trimmed(work: string, start: number, end: number): [number, number] {
  while (start < end && /\s/.test(work[start]!)) start++
  while (end > start && /\s/.test(work[end - 1]!)) end--
  return [start, end]
}

/** The block's prose with its syntax blanked, and where its emphasis and quotes are. */
export function prepare(text: string, kind: BlockKind): Prepared {
  let work = text
  const markers = blockMarkers[kind]
  if (markers) work = blank(work, markers)
  work = blank(work, /(`+)[\s\S]*?\1/g)
  work = blank(work, /!\[[^\]\n]*\]\([^)\n]*\)/g)
  work = blank(work, /\[\^[^\]\n]*\]/g)
  work = blank(work, /\[([^\]\n]*)\]\([^)\n]*\)/g, 1)
  work = blank(work, /\[([^\]\n]*)\]\[[^\]\n]*\]/g, 1)
  work = blank(work, /<(?:https?:|mailto:)[^>\s]*>/g)
  work = blank(work, /\bhttps?:\/\/[^\s)\]>]+/g)
  work = blank(work, /<\/?[A-Za-z][^>\n]*>/g)
  work = blank(work, /\\(?=[!-/:-@[-`{-~])/g)

  const spans: Span[] = []
  for (const { pattern, marker, kinds } of emphasis) {
    work = work.replace(pattern, (match: string, _inner: string, at: number) => {
      const [start, end] = [at + marker, at + match.length - marker]
      for (const spanKind of kinds) spans.push({ start, end, kind: spanKind })
      return ' '.repeat(marker) + match.slice(marker, -marker) + ' '.repeat(marker)
    })
  }
  for (const pattern of quotes) {
    for (const match of work.matchAll(pattern)) {
      const [start, end] = trimmed(work, match.index + 1, match.index + match[0].length - 1)
      if (end > start) spans.push({ start, end, kind: 'quote' })
    }
  }
  spans.sort((a, b) => a.start - b.start || b.end - a.end)
  return { work, spans }
}
