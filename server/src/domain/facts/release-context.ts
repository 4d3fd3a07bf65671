/**
 * What the words around a year, and the clauses around it, say: whether the year dates a release
 * or something else, whether a clause goes on from the one before or opens the sentence with a
 * date, and which work an apposition dates.
 */
import { functionWords } from './artist-refs.ts'
import type { Clause } from './clauses.ts'
import { countryWords } from './countries.ts'
import type { Lexicon } from './lexicon.ts'
import { anyAt, anyBefore } from './match.ts'
import type { Unit } from './reading.ts'

/**
 * What the words nearest a year say it dates, read back from it (then a few words ahead) inside its
 * clause: "came out in 2001 from the same sessions" is a release, "reissued in 2007" and "the 2007
 * reissue" are not. Null when no such word is near.
 */
export function governor(units: readonly Unit[], k: number, clause: Clause, lexicon: Lexicon): 'release' | 'other' | null {
  for (let i = k - 1; i >= clause[0] && i >= k - 7; i--) {
    if (units[i]!.kind === 'work' || units[i]!.kind === 'year') break
    if (anyBefore(units, i + 1, lexicon.otherEvents, clause[0]) || anyBefore(units, i + 1, lexicon.nearEvents, clause[0])) return 'other'
    if (anyBefore(units, i + 1, lexicon.release, clause[0])) return 'release'
  }
  for (let i = k + 1; i < clause[1] && i <= k + 3; i++) {
    if (units[i]!.kind === 'work') break
    if (anyAt(units, i, lexicon.otherEvents, clause[1]) || anyAt(units, i, lexicon.nearEvents, clause[1])) return 'other'
  }
  return null
}

/** "released in the US in 1996", "sorti au Japon en 1994": a release in one country, not the record's first. */
export function regional(units: readonly Unit[], clause: Clause, lexicon: Lexicon): boolean {
  const { names } = countryWords(lexicon.language)
  for (let i = clause[0]; i < clause[1] - 1; i++) {
    if (!['in', 'en', 'au', 'aux'].includes(units[i]!.low)) continue
    let j = i + 1
    if (['the', "l'", 'la', 'le'].includes(units[j]?.low ?? '')) j++
    let words = ''
    for (let n = j; n < clause[1] && n < j + 3 && units[n]!.kind === 'word' && units[n]!.token.cap; n++) {
      words = words ? `${words} ${units[n]!.token.key}` : units[n]!.token.key
      if (names.has(words)) return true
    }
  }
  return false
}

/** A clause with no subject of its own, going on from the one before: "and released in 1993", "arrived in 2001", "et sort en 1997". */
export function continues(units: readonly Unit[], clause: Clause, lexicon: Lexicon): boolean {
  let i = clause[0]
  if (['and', 'et', 'but', 'mais', 'then', 'puis'].includes(units[i]?.low ?? '')) i++
  while (i < clause[1] && anyAt(units, i, lexicon.filler) && !anyAt(units, i, lexicon.release)) i += anyAt(units, i, lexicon.filler)
  return anyAt(units, i, lexicon.release) > 0
}

/** An opening phrase that dates what follows: "In 1997,", "En 1997,", "Released in 1995,", "Sorti en 1997,", "It was in 1995". */
export function introduces(units: readonly Unit[], clause: Clause, lexicon: Lexicon): boolean {
  const first = clause[0]
  return (
    anyAt(units, first, lexicon.dating) > 0 ||
    anyAt(units, first, lexicon.dateWords) > 0 ||
    anyAt(units, first, lexicon.release) > 0 ||
    anyAt(units, first, lexicon.relative) > 0 ||
    anyAt(units, first, lexicon.cleft) > 0
  )
}

/**
 * Whether the clause's release word can govern the year at `k`: it comes before the year, or the
 * year opens the clause ("In 1997 came *Homogenic*", "C'est en 1995 que paraît *Post*"). A release
 * word after a year in mid-clause is about something later: "*Debut* found an audience in 1994
 * after its release".
 */
export function releaseGoverns(units: readonly Unit[], clause: Clause, k: number, lexicon: Lexicon): boolean {
  for (let i = clause[0]; i < k; i++) if (anyAt(units, i, lexicon.release, k)) return true
  const cleft = anyAt(units, clause[0], lexicon.cleft)
  if (!onlyTime(units, [clause[0] + cleft, k + 1], lexicon)) return false
  for (let i = k + 1; i < clause[1]; i++) if (anyAt(units, i, lexicon.release, clause[1])) return true
  return false
}

/** A clause that is only a date: "in 1995" in "Two years later, in 1995, she released *Post*". */
export function onlyTime(units: readonly Unit[], clause: Clause, lexicon: Lexicon): boolean {
  for (let i = clause[0]; i < clause[1]; i++) {
    const unit = units[i]!
    if (unit.kind === 'year' || /^\d{1,2}$/.test(unit.low)) continue
    const length = anyAt(units, i, lexicon.dating) || anyAt(units, i, lexicon.dateWords)
    if (!length) return false
    i += length - 1
  }
  return true
}

/**
 * The work an apposition starting just after `at` (exclusive, read back) belongs to: in "*Volta*,
 * her 2007 album", reading back from "2007" over "her" reaches the comma after *Volta*.
 */
export function appositionBefore(units: readonly Unit[], at: number, lexicon: Lexicon, needsNoun = false): number | null {
  let j = at
  let others = 0
  let noun = false
  for (;;) {
    const nounLength = anyBefore(units, j, lexicon.albumNouns)
    const known = anyBefore(units, j, lexicon.possessives) || anyBefore(units, j, lexicon.articles) || anyBefore(units, j, lexicon.albumAdjectives) || nounLength
    if (nounLength) noun = true
    if (known) j -= known
    // "an a cappella album", "un disque ambitieux": a few more lower-case words inside the noun phrase.
    else if (others < 3 && isPlainWord(units[j - 1], lexicon) && !anyBefore(units, j, lexicon.clause) && !anyBefore(units, j, lexicon.otherEvents) && !anyBefore(units, j, lexicon.copulas)) {
      others++
      j--
    } else break
  }
  if (needsNoun && !noun) return null
  if (j === at && units[at]?.kind === 'year') return null
  if (units[j - 1]?.low === ',' && units[j - 2]?.kind === 'work') return j - 2
  // "*Post* is her 1995 album", "*Post* est son album de 1995".
  const copula = anyBefore(units, j, lexicon.copulas)
  return copula && units[j - copula - 1]?.kind === 'work' ? j - copula - 1 : null
}

/** "from 1993 to 1997", "de 1993 à 2021": the year opens a span. */
export function joinsAnotherYear(units: readonly Unit[], k: number): boolean {
  return ['to', 'until', 'through', 'à', 'au'].includes(units[k + 1]?.low ?? '') && units[k + 2]?.kind === 'year'
}

/** A lower-case word that can sit inside a noun phrase: not a function word, not a verb of release. */
const isPlainWord = (unit: Unit | undefined, lexicon: Lexicon) =>
  unit !== undefined && unit.kind === 'word' && !unit.token.cap && !functionWords.has(unit.low) && !anyAt([unit], 0, lexicon.release)

/** "in 1967, when Columbia issued *X*": the year ends its clause and a "when" clause follows. */
export function whenFollows(units: readonly Unit[], k: number, clause: Clause, lexicon: Lexicon): boolean {
  if (k !== clause[1] - 1) return false
  return anyAt(units, clause[1], lexicon.when) > 0 || (units[clause[1]]?.low === ',' && anyAt(units, clause[1] + 1, lexicon.when) > 0)
}
