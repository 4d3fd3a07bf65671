/**
 * A block read as sentences of units: a unit is a word, a punctuation mark, a year, or a whole
 * work (an album title, however many words it has), so rules about "the word before the album"
 * or "the year after it" read as such.
 */
import type { BlockKind } from './blocks.ts'
import { prepare } from './inline.ts'
import type { Lexicon } from './lexicon.ts'
import type { Subject } from './subject.ts'
import { sentences, tokenize, type Token } from './tokens.ts'
import { findWorks, type Work } from './works.ts'

export interface Unit {
  kind: 'word' | 'punct' | 'year' | 'work'
  /** Lower case, accents kept; "@" for a work. */
  low: string
  /** The unit's first token. */
  token: Token
  /** Offsets in the block. */
  start: number
  end: number
  work?: Work
  /** For a year: the year. */
  year?: number
}

export interface Sentence {
  units: Unit[]
  /** The sentence opens its block: a heading, a list item, a table cell line. */
  opensBlock: boolean
}

export interface Reading {
  kind: BlockKind
  work: string
  tokens: Token[]
  works: Work[]
  sentences: Sentence[]
  subject: Subject
  lexicon: Lexicon
}

/** A block's text read into sentences of units. */
export function read(text: string, kind: BlockKind, subject: Subject, lexicon: Lexicon): Reading {
  const { work, spans } = prepare(text, kind)
  const tokens = tokenize(work)
  const works = findWorks(tokens, spans, subject, lexicon)
  const workAt = new Array<Work | undefined>(tokens.length)
  for (const w of works) for (let i = w.first; i < w.end; i++) workAt[i] = w
  // A stop inside a title or a quotation ends no sentence ("*Exile on Main St.*"); a year inside a
  // title is one of its words ("*1989*") and goes with the title's unit.
  const quoted = new Array<boolean>(tokens.length).fill(false)
  for (const span of spans) {
    if (span.kind === 'strong') continue
    tokens.forEach((t, i) => {
      if (t.start >= span.start && t.end <= span.end) quoted[i] = true
    })
  }

  const result: Sentence[] = []
  for (const [first, end] of sentences(tokens, (i) => workAt[i] !== undefined || quoted[i]!)) {
    const units: Unit[] = []
    for (let i = first; i < end; i++) {
      const token = tokens[i]!
      const w = workAt[i]
      if (w) {
        const last = tokens[Math.min(w.end, end) - 1]!
        units.push({ kind: 'work', low: '@', token, start: token.start, end: last.end, work: w })
        i = Math.min(w.end, end) - 1
      } else if (token.year) {
        units.push({ kind: 'year', low: token.low, token, start: token.start, end: token.end, year: token.year })
      } else units.push({ kind: token.word ? 'word' : 'punct', low: token.low, token, start: token.start, end: token.end })
    }
    if (units.length) result.push({ units, opensBlock: first === 0 })
  }
  return { kind, work, tokens, works, sentences: result, subject, lexicon }
}
