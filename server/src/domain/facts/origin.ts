/**
 * COUNTRY claims: the artist's origin in words. A demonym counts when it qualifies a noun for the
 * artist ("the Icelandic singer", "le groupe britannique Portishead") or is said of the artist
 * ("Björk is Icelandic"); a country counts when the artist is from it ("a band from Bristol,
 * England") or formed in it. "The British press", "an American producer", "born in" and "based
 * in" say nothing of the artist's origin.
 */
import { artistRefBefore, functionWords, nameAt, phraseStart, roleAt, standsForArtist, type Others } from './artist-refs.ts'
import { artistFormations } from './career.ts'
import { countryWords, type CountryWords } from './countries.ts'
import type { Lexicon } from './lexicon.ts'
import { anyAt, anyBefore } from './match.ts'
import type { Sentence, Unit } from './reading.ts'
import type { Subject } from './subject.ts'

export interface OriginClaim {
  code: string
  /** The first and the last unit of the words that state it. */
  first: number
  last: number
}

/** A country name or demonym starting at `i`, as the longest run of words the table knows. */
function lookup(units: readonly Unit[], i: number, table: Map<string, string>, longest: number): { code: string; length: number } | null {
  if (units[i]?.kind !== 'word') return null
  let words = ''
  let best: { code: string; length: number } | null = null
  let count = 0
  for (let j = i; j < units.length && count < longest; j++) {
    const unit = units[j]!
    if (unit.kind === 'punct') {
      if (unit.low === '.' && !unit.token.gap) continue
      break
    }
    if (unit.kind !== 'word') break
    words = words ? `${words} ${unit.token.key}` : unit.token.key
    count++
    const code = table.get(words)
    // "U.K.": the stop after a dotted name is part of it.
    if (code) best = { code, length: j - i + 1 + (unit.token.raw.length === 1 && units[j + 1]?.low === '.' && !units[j + 1]!.token.gap ? 1 : 0) }
  }
  return best
}

/** "a band from Bristol, England", "originaire de Bristol, en Angleterre": the country after an origin phrase. */
function placeAfter(units: readonly Unit[], at: number, words: CountryWords): { code: string; first: number; last: number } | null {
  let i = at
  if (['the', 'la', 'le', "l'"].includes(units[i]?.low ?? '')) i++
  const direct = lookup(units, i, words.names, words.longest)
  const place = (j: number) => {
    const found = lookup(units, j, words.names, words.longest)
    if (!found || !units[j]!.token.cap) return null
    const after = units[j + found.length]
    // "from England Records": a longer name, not the country.
    if (after && after.kind === 'word' && after.token.cap) return null
    return { code: found.code, first: j, last: j + found.length - 1 }
  }
  if (direct) return place(i)
  // Skip the town: "Bristol, England", "Bristol (Angleterre)", "Bristol, en Angleterre".
  let j = i
  while (j < i + 3 && units[j]?.kind === 'word' && units[j]!.token.cap) j++
  if (j === i || !/^[,(]$/.test(units[j]?.low ?? '')) return null
  j++
  if (['en', 'au', 'aux', 'in', 'the'].includes(units[j]?.low ?? '')) j++
  return place(j)
}

export function origins(sentence: Sentence, subject: Subject, lexicon: Lexicon, others: Others): OriginClaim[] {
  const { units } = sentence
  const words = countryWords(lexicon.language)
  const claims: OriginClaim[] = []
  const role = (i: number) => roleAt(units, i, lexicon)

  for (let i = 0; i < units.length; i++) {
    const found = lookup(units, i, words.demonyms, words.longest)
    if (!found) continue
    const last = i + found.length - 1
    const stated = { code: found.code, first: i, last }
    if (lexicon.language === 'en') {
      // "the Icelandic (avant-garde) singer", up to three words between.
      for (let k = last + 1; k <= last + 4 && k < units.length; k++) {
        const noun = role(k)
        if (noun) {
          if (standsForArtist(units, phraseStart(units, i, lexicon), k + noun.length, noun.group, subject, lexicon, others)) claims.push(stated)
          break
        }
        const unit = units[k]!
        if (unit.kind !== 'word' || unit.token.cap || functionWords.has(unit.low)) break
      }
    } else {
      // "le groupe (de trip-hop) britannique", "la chanteuse islandaise".
      for (let k = i - 1; k >= Math.max(0, i - 5); k--) {
        const noun = role(k)
        if (noun && k + noun.length <= i) {
          if (standsForArtist(units, phraseStart(units, k, lexicon), last + 1, noun.group, subject, lexicon, others)) claims.push(stated)
          break
        }
        const unit = units[k]!
        if (unit.kind !== 'word' || unit.token.cap || (functionWords.has(unit.low) && unit.low !== 'de')) break
      }
    }
    // "Björk is Icelandic", "Portishead sont anglais".
    const copula = anyBefore(units, i, lexicon.copulas)
    const closes = !units[last + 1] || units[last + 1]!.kind === 'punct' || ['and', 'et'].includes(units[last + 1]!.low)
    if (copula && closes && artistRefBefore(units, i - copula, subject, lexicon, {}) > 0) claims.push(stated)
    i = last
  }

  for (let i = 0; i < units.length; i++) {
    const length = anyAt(units, i, lexicon.origin)
    if (!length) continue
    const place = placeAfter(units, i + length, words)
    // "from Iceland to London" is a journey, not an origin.
    if (!place || ['to', 'à', 'vers'].includes(units[place.last + 1]?.low ?? '')) continue
    const before = i - 1
    // The noun ending just before "from": "a band from", "a singer-songwriter from".
    const noun = [1, 2, 3].map((n) => ({ n, r: role(before - n + 1) })).find(({ n, r }) => r && r.length === n)
    const linked =
      (noun && standsForArtist(units, phraseStart(units, before - noun.n + 1, lexicon), i, noun.r!.group, subject, lexicon, others)) ||
      (units[before]?.low === ',' && artistRefBefore(units, before, subject, lexicon, {}) > 0) ||
      (/^(hail|hails|hailing|originally|originaire|originaires)$/.test(units[i]!.low) && artistRefBefore(units, skipVerbs(units, i), subject, lexicon, {}) > 0) ||
      (i === 0 && /^(hailing|originally|originaire|originaires|venu|venue|venus|venues)$/.test(units[0]!.low) && subjectAfterComma(units, place.last + 1, subject))
    if (linked) claims.push(place)
  }

  for (const { at, length } of artistFormations(sentence, subject, lexicon, others)) {
    let j = at + length
    if (!anyAt(units, j, lexicon.placeIn)) continue
    j++
    const place = placeAfter(units, j, words)
    if (place) claims.push(place)
  }
  return claims
}

/** Back over "who", "come", "are originally": to the subject of an origin phrase. */
function skipVerbs(units: readonly Unit[], at: number): number {
  let j = at
  while (j > 0 && /^(who|come|comes|came|are|is|was|were|est|sont|qui|,)$/.test(units[j - 1]!.low)) j--
  return j
}

/** "Hailing from Bristol, England, Portishead...": the artist right after the opening phrase. */
function subjectAfterComma(units: readonly Unit[], at: number, subject: Subject): boolean {
  return units[at]?.low === ',' && (nameAt(units, at + 1, subject) > 0 || (units[at + 1]?.low === 'the' && nameAt(units, at + 2, subject) > 0))
}
