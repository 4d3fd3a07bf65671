/**
 * Word lists matched against a run of words. Each list is indexed once by its phrases' first and
 * last words, so a lookup tries only the phrases that can match there.
 */
import type { Phrase } from './lexicon.ts'

/** Anything with a lower-case spelling: a token, or a unit of a sentence. */
export interface Word {
  low: string
}

interface Index {
  byFirst: Map<string, Phrase[]>
  byLast: Map<string, Phrase[]>
  /** Phrases whose first (or last) word is a prefix ("reissu*"), by the prefix's first two letters. */
  firstPrefixed: Map<string, Phrase[]>
  lastPrefixed: Map<string, Phrase[]>
  /** Phrases whose first (or last) word is a suffix ("*n't"): few, tried everywhere. */
  firstSuffixed: Phrase[]
  lastSuffixed: Phrase[]
}

const add = (map: Map<string, Phrase[]>, word: string, phrase: Phrase) => map.set(word, [...(map.get(word) ?? []), phrase])

/** Each list's index, kept on the list itself: looked up on every word, a WeakMap costs too much. */
const INDEX = Symbol('index')
type Indexed = readonly Phrase[] & { [INDEX]?: Index }

function indexOf(list: Indexed): Index {
  let index = list[INDEX]
  if (index) return index
  index = { byFirst: new Map(), byLast: new Map(), firstPrefixed: new Map(), lastPrefixed: new Map(), firstSuffixed: [], lastSuffixed: [] }
  for (const phrase of list) {
    const first = phrase[0]!
    const last = phrase.at(-1)!
    if (first.startsWith('*')) index.firstSuffixed.push(phrase)
    else if (first.endsWith('*')) add(index.firstPrefixed, first.slice(0, 2), phrase)
    else add(index.byFirst, first, phrase)
    if (last.startsWith('*')) index.lastSuffixed.push(phrase)
    else if (last.endsWith('*')) add(index.lastPrefixed, last.slice(0, 2), phrase)
    else add(index.byLast, last, phrase)
  }
  Object.defineProperty(list, INDEX, { value: index })
  return index
}

/** Whether any phrase of the list can start with this word: a cheap test before matching. */
export function mayStart(list: readonly Phrase[], word: string): boolean {
  const index = indexOf(list)
  return index.byFirst.has(word) || index.firstPrefixed.has(word.slice(0, 2)) || index.firstSuffixed.length > 0
}

function wordMatches(word: string, low: string): boolean {
  if (word.startsWith('*')) return low.endsWith(word.slice(1))
  return word.endsWith('*') ? low.startsWith(word.slice(0, -1)) : low === word
}

/** How many words from `at` the phrase covers, or 0 when it does not match there. */
export function phraseAt(words: readonly Word[], at: number, phrase: Phrase, end = words.length): number {
  if (at < 0 || at + phrase.length > end) return 0
  for (let i = 0; i < phrase.length; i++) if (!wordMatches(phrase[i]!, words[at + i]!.low)) return 0
  return phrase.length
}

/** The longest phrase of the list starting at `at`, as a word count (0: none). */
export function anyAt(words: readonly Word[], at: number, list: readonly Phrase[], end = words.length): number {
  const word = words[at]
  if (!word || at >= end) return 0
  const index = indexOf(list)
  let best = 0
  for (const phrase of index.byFirst.get(word.low) ?? []) best = Math.max(best, phraseAt(words, at, phrase, end))
  for (const phrase of index.firstPrefixed.get(word.low.slice(0, 2)) ?? []) best = Math.max(best, phraseAt(words, at, phrase, end))
  for (const phrase of index.firstSuffixed) best = Math.max(best, phraseAt(words, at, phrase, end))
  return best
}

/** The longest phrase of the list ending just before `at` (exclusive), as a word count (0: none). */
export function anyBefore(words: readonly Word[], at: number, list: readonly Phrase[], start = 0): number {
  const word = words[at - 1]
  if (!word || at - 1 < start) return 0
  const index = indexOf(list)
  let best = 0
  const tryPhrase = (phrase: Phrase) => {
    if (at - phrase.length >= start && phraseAt(words, at - phrase.length, phrase, at)) best = Math.max(best, phrase.length)
  }
  for (const phrase of index.byLast.get(word.low) ?? []) tryPhrase(phrase)
  for (const phrase of index.lastPrefixed.get(word.low.slice(0, 2)) ?? []) tryPhrase(phrase)
  for (const phrase of index.lastSuffixed) tryPhrase(phrase)
  return best
}

/** Every place in [from, to) where a phrase of the list starts, with its length. */
export function findAll(words: readonly Word[], from: number, to: number, list: readonly Phrase[]): { at: number; length: number }[] {
  const found: { at: number; length: number }[] = []
  for (let i = from; i < to; i++) {
    const length = anyAt(words, i, list, to)
    if (length) {
      found.push({ at: i, length })
      i += length - 1
    }
  }
  return found
}

/** Whether a phrase of the list occurs in [from, to). */
export function occurs(words: readonly Word[], from: number, to: number, list: readonly Phrase[]): boolean {
  for (let i = from; i < to; i++) if (anyAt(words, i, list, to)) return true
  return false
}
