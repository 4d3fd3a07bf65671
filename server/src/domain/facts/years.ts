/**
 * What a year in a sentence is: an event's date ("in 1995"), a bound ("until 1995", "since"),
 * part of a range or a decade, or bare ("the 1995 album").
 */
import type { Lexicon } from './lexicon.ts'
import { anyBefore } from './match.ts'
import type { Unit } from './reading.ts'

export type YearRole = 'dated' | 'bare' | 'bound' | 'range' | 'decade'

const dash = /^[-–—‐/]$/
const isNumber = (unit: Unit | undefined) => unit !== undefined && (unit.kind === 'year' || /^\d+$/.test(unit.low))
const ongoing = /^(present|today|now|aujourd'hui|auj|présent|nos|date)$/
/** Words joining two years into a span or a list: "1993 and 1997", "de 1993 à 2021", "1993, 1995". */
const joiners = new Set(['and', 'to', 'or', 'through', 'till', 'until', 'et', 'à', 'ou', 'au', ',', '&', 'thru'])
/** Date words that are only glue ("the", "of"); the others (months, seasons, "early") date on their own. */
const glue = new Set(['the', 'of', ',', "l'", 'la', 'le', 'de', "d'", 'du'])

export function yearRole(units: readonly Unit[], k: number, lexicon: Lexicon): YearRole {
  const unit = units[k]!
  const previous = units[k - 1]
  const next = units[k + 1]
  if (previous && dash.test(previous.low) && isNumber(units[k - 2])) return 'range'
  if (next && dash.test(next.low)) {
    const after = units[k + 2]
    // An em dash is punctuation too ("released in 1994—was darker"): a range only before a number.
    const open = next.low !== '—' && (!next.token.gap || !after || after.low === ')')
    if (open || isNumber(after) || ongoing.test(after?.low ?? '')) return 'range'
  }
  if (next && joiners.has(next.low) && units[k + 2]?.kind === 'year') return 'range'
  if (previous && joiners.has(previous.low) && units[k - 2]?.kind === 'year') return 'range'
  if (anyBefore(units, k, lexicon.decade)) return 'decade'
  if (unit.token.possessive && unit.year! % 10 === 0) return 'decade'

  let j = k - 1
  let dated = false
  while (j >= 0) {
    const length = anyBefore(units, j + 1, lexicon.dateWords)
    if (length) {
      for (let i = j - length + 1; i <= j; i++) if (!glue.has(units[i]!.low)) dated = true
      j -= length
    } else if (/^\d{1,2}(st|nd|rd|th|er|e)?$/.test(units[j]!.low)) {
      j--
    } else break
  }
  if (j >= 0 && anyBefore(units, j + 1, lexicon.bounds)) return 'bound'
  if (j >= 0 && anyBefore(units, j + 1, lexicon.dating)) return 'dated'
  return dated ? 'dated' : 'bare'
}
