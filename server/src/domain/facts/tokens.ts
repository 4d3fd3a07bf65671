/**
 * Words and punctuation of a prepared block, each with its offsets, and the sentences they form.
 */
import { key as keyOf } from './fold.ts'

export interface Token {
  start: number
  end: number
  raw: string
  /** Lower case, accents kept, curly apostrophes made straight: what word lists compare. */
  low: string
  /** Folded words joined by spaces: what titles and names compare ("What's" → "what s"). */
  key: string
  word: boolean
  /** Starts with a capital letter. */
  cap: boolean
  /** Comes after white space (or starts the block). */
  gap: boolean
  /** The year it is, when it is one written alone: "1995", "1995's". */
  year?: number
  /** "1995's": a year used as a possessive. */
  possessive?: boolean
}

/** Words may hold apostrophes, hyphens and dashes between letters or digits: "what's", "trip-hop", "1982–89". */
const tokenPattern = /[\p{L}\p{N}]+(?:['’\-‐–][\p{L}\p{N}]+)*|\S/gu

/** French elided words: "l'album", "d'Homogenic" are two words each. */
const elided = /^(l|d|j|qu|n|s|c|m|t|jusqu|lorsqu|puisqu|presqu|quoiqu)['’](?=[\p{L}\p{N}])/iu

/** "it's", "that's": a verb after the apostrophe, not a possessive. */
const contractions = new Set(["it's", "that's", "he's", "she's", "what's", "there's", "here's", "who's", "let's", "where's", "how's"])

type Spelling = Pick<Token, 'raw' | 'low' | 'key' | 'word' | 'cap' | 'year' | 'possessive'>

/** What a word is, whatever its place: computed once per spelling, since words repeat. */
const spellings = new Map<string, Spelling>()

function spelling(raw: string): Spelling {
  const known = spellings.get(raw)
  if (known) return known
  const word = /[\p{L}\p{N}]/u.test(raw[0]!)
  let low = raw.toLowerCase().replaceAll('’', "'")
  // "the group's", "Björk's": the word lists know the noun, not its possessive.
  if (/\p{L}{2}'s$/u.test(low) && !contractions.has(low)) low = low.slice(0, -2)
  const spelt: Spelling = { raw, low, key: keyOf(raw), word, cap: /\p{Lu}/u.test(raw[0]!) }
  const year = /^(1[89]\d\d|20\d\d)(['’]s)?$/.exec(raw)
  if (year) {
    spelt.year = Number(year[1])
    if (year[2]) spelt.possessive = true
  }
  if (spellings.size >= 20_000) spellings.clear()
  spellings.set(raw, spelt)
  return spelt
}

function token(raw: string, start: number, gap: boolean): Token {
  const { low, key, word, cap, year, possessive } = spelling(raw)
  return { start, end: start + raw.length, raw, low, key, word, cap, gap, year, possessive }
}

export function tokenize(work: string): Token[] {
  const tokens: Token[] = []
  for (const match of work.matchAll(tokenPattern)) {
    let raw = match[0]
    let start = match.index
    const gap = start === 0 || /\s/.test(work[start - 1]!)
    const elision = elided.exec(raw)
    if (elision) {
      tokens.push(token(elision[0], start, gap))
      start += elision[0].length
      raw = raw.slice(elision[0].length)
      tokens.push(token(raw, start, false))
    } else tokens.push(token(raw, start, gap))
  }
  return tokens
}

const abbreviations = new Set([
  'st', 'mr', 'mrs', 'ms', 'dr', 'vs', 'no', 'vol', 'feat', 'ft', 'jr', 'sr', 'approx', 'ca', 'c', 'op', 'nos', 'pp', 'p',
  'mt', 'prof', 'rev', 'fig', 'ed', 'éd', 'mme', 'mlle', 'm', 'env', 'cf', 'etc', 'e', 'g', 'i',
])

/**
 * Sentences as ranges of token indices [first, last). A stop ends one when the next word starts
 * a sentence, unless it closes an abbreviation or an initial ("St.", "R.E.M.") or sits inside a
 * title (`inside`, e.g. *Exile on Main St.*).
 */
export function sentences(tokens: Token[], inside: (index: number) => boolean): [number, number][] {
  const result: [number, number][] = []
  let first = 0
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!
    if (!/^[.!?…]$/.test(t.raw) || inside(i)) continue
    let j = i + 1
    while (j < tokens.length && /^[.!?…)"”»’*]$/.test(tokens[j]!.raw) && !tokens[j]!.gap) j++
    const next = tokens[j]
    const before = tokens[i - 1]
    if (t.raw === '.' && before?.word && (before.raw.length === 1 || abbreviations.has(before.low)) && !before.year) continue
    if (next && !(next.cap || /^[\p{N}"“«(*_‘'[]/u.test(next.raw))) continue
    result.push([first, j])
    first = j
    i = j - 1
  }
  if (first < tokens.length) result.push([first, tokens.length])
  return result
}
