/**
 * Clauses of a sentence, and the roles a work plays in one: the clause is where a year and the
 * record it dates are looked for together.
 */
import type { Lexicon } from './lexicon.ts'
import { anyAt, anyBefore } from './match.ts'
import type { Unit } from './reading.ts'

/** A clause as a range of unit indices [start, end). */
export type Clause = [number, number]

const breaks = /^[,;:()[\]—–|.!?…]$/

const isBreak = (unit: Unit) => breaks.test(unit.low) || (unit.low === '-' && unit.token.gap)

/** The clauses of a sentence: punctuation ends one, a joining word ("and", "which") opens one. */
export function clausesOf(units: readonly Unit[], lexicon: Lexicon): Clause[] {
  const clauses: Clause[] = []
  let start = 0
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!
    // "September 24, 1991": the comma of an American date joins, it does not cut.
    const dateComma = unit.low === ',' && /^\d{1,2}$/.test(units[i - 1]?.low ?? '') && units[i + 1]?.kind === 'year'
    if (isBreak(unit) && !dateComma) {
      if (i > start) clauses.push([start, i])
      start = i + 1
    } else if (i > start && unit.kind === 'word' && anyAt(units, i, lexicon.clause)) {
      clauses.push([start, i])
      start = i
    }
  }
  if (units.length > start) clauses.push([start, units.length])
  return clauses
}

export const clauseAt = (clauses: readonly Clause[], index: number) =>
  clauses.find(([start, end]) => index >= start && index < end) ?? null

/** Skips back over what may stand between a verb or preposition and its noun: "after her acclaimed *Post*". */
export function skipNounPhraseBack(units: readonly Unit[], at: number, lexicon: Lexicon, start = 0): number {
  let j = at
  while (j > start) {
    const length =
      anyBefore(units, j, lexicon.articles, start) ||
      anyBefore(units, j, lexicon.possessives, start) ||
      anyBefore(units, j, lexicon.albumNouns, start) ||
      anyBefore(units, j, lexicon.albumAdjectives, start)
    if (length) j -= length
    else if (units[j - 1]?.low === "'s" || units[j - 1]?.low === 's' || units[j - 1]?.low === "'") j--
    else break
  }
  return j
}

/**
 * Whether a work is a point of comparison or a source in its clause rather than the record the
 * clause dates: "after *Post*", "a single from *Post*", "*Post* was followed by".
 */
export function isReference(units: readonly Unit[], index: number, clause: Clause, lexicon: Lexicon): boolean {
  // "*Debut*'s follow-up": the work qualifies another noun.
  const next = units[index + 1]
  if (next && /^['’]$/.test(next.low) && units[index + 2]?.low === 's' && !units[index + 2]!.token.gap) return true
  const j = skipNounPhraseBack(units, index, lexicon, clause[0])
  const length = anyBefore(units, j, lexicon.reference, clause[0])
  if (length) {
    const word = units[j - 1]!.low
    const passive = ['by', 'de', 'par'].includes(units[j]?.low ?? '')
    if (!((word === 'followed' || word === 'suivi' || word === 'suivie') && passive)) return true
  }
  for (let i = index + 1; i < clause[1]; i++) {
    if (anyAt(units, i, lexicon.referenceBefore, clause[1])) {
      for (let k = i + 1; k < clause[1]; k++) if (units[k]!.kind === 'work') return true
    }
  }
  return false
}
