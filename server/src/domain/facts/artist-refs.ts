/**
 * How a sentence names the artist: by name ("Portishead", "Cohen's"), by a definite group noun
 * ("the band", "le groupe", "the Bristol trio"), or by a pronoun. Which of these a rule accepts
 * depends on the claim: a death needs the name, a formation may say "the band".
 */
import type { Lexicon } from './lexicon.ts'
import { anyAt, anyBefore } from './match.ts'
import type { Unit } from './reading.ts'
import type { Subject } from './subject.ts'

export interface Accept {
  /** "the band", "le groupe", "the Bristol trio". */
  generic?: boolean
  /** "they", "ils". */
  groupPronoun?: boolean
  /** "he", "she", "il", "elle". */
  personPronoun?: boolean
  /** "their", "its", "leur", and with `personPronoun` "his", "her", "sa", "son". */
  possessive?: boolean
}

const nameKey = (unit: Unit) => unit.token.key.replace(/ s$/, '')

/** Units a name covers from `i` ("R.E.M." is five units), or 0 when the artist's name is not there. */
export function nameAt(units: readonly Unit[], i: number, subject: Subject): number {
  if (units[i]?.kind !== 'word') return 0
  // A name is a proper noun: "the attack" is not Massive Attack.
  if (subject.capitalised && !units[i]!.token.cap) return 0
  let words = ''
  let best = 0
  for (let j = i; j < units.length && j < i + 12; j++) {
    const unit = units[j]!
    if (unit.kind === 'punct') {
      if (/^[.&'’]$/.test(unit.low) && !unit.token.gap) continue
      break
    }
    if (unit.kind !== 'word') break
    words = words ? `${words} ${nameKey(unit)}` : nameKey(unit)
    if (subject.names.includes(words)) best = j - i + 1
    // A possessive ends the name: "Portishead's".
    if (/['’]s$/.test(unit.token.raw)) break
  }
  // A longer capitalised run is another name: "Cohen" in "Leonard Cohen" is his, "Punk" in "Punk Rock" is not.
  return best
}

/** Units of the artist's name ending just before `j`, or 0. */
export function nameBefore(units: readonly Unit[], j: number, subject: Subject): number {
  for (let length = 1; length <= 12 && j - length >= 0; length++) {
    if (nameAt(units, j - length, subject) === length) return length
  }
  return 0
}

/** "the band", "the Bristol trio", "le groupe", "le duo parisien", "du groupe" from `i`. */
function genericAt(units: readonly Unit[], i: number, lexicon: Lexicon): number {
  const article = units[i]?.low
  if (article === 'du') {
    const noun = anyAt(units, i + 1, lexicon.groupNouns)
    return noun ? 1 + noun + frenchAdjectives(units, i + 1 + noun) : 0
  }
  if (!['the', 'le', 'la', "l'", 'ce', 'cette'].includes(article ?? '')) return 0
  for (let j = i + 1; j <= i + 3 && j < units.length; j++) {
    const noun = anyAt(units, j, lexicon.groupNouns)
    if (noun) return namedAfter(units, j + noun) ? 0 : j - i + noun + frenchAdjectives(units, j + noun)
    if (units[j]!.kind !== 'word') return 0
  }
  return 0
}

/** "the band Beak>", "le groupe de rock Darlin'": a group noun followed by a name is that group's. */
function namedAfter(units: readonly Unit[], i: number): boolean {
  let j = i
  if (units[j]?.low === 'de' || units[j]?.low === "d'") {
    j++
    while (j < i + 4 && units[j]?.kind === 'word' && !units[j]!.token.cap) j++
  }
  const next = units[j]
  return next !== undefined && next.kind === 'word' && next.token.cap && !next.year
}

/** French adjectives after a group noun: "le duo parisien", "le groupe britannique". */
function frenchAdjectives(units: readonly Unit[], i: number): number {
  let j = i
  while (j < i + 2 && units[j]?.kind === 'word' && !units[j]!.token.cap && /(ien|ienne|ais|aise|ique|ain|aine|al|ale|ois|oise|é|ée)$/.test(units[j]!.low)) j++
  return j - i
}

/** Units of a reference to the artist starting at `i`, or 0. */
export function artistRefAt(units: readonly Unit[], i: number, subject: Subject, lexicon: Lexicon, accept: Accept): number {
  const name = nameAt(units, i, subject) || (['the', 'les'].includes(units[i]?.low ?? '') ? nameAt(units, i + 1, subject) && nameAt(units, i + 1, subject) + 1 : 0)
  if (name) return name
  if (accept.generic) {
    const generic = genericAt(units, i, lexicon)
    if (generic) return generic
  }
  if (accept.groupPronoun && anyAt(units, i, lexicon.groupPronouns)) return 1
  if (accept.personPronoun && anyAt(units, i, lexicon.personPronouns)) return 1
  return 0
}

/** Units of a reference to the artist ending just before `j`, or 0. */
export function artistRefBefore(units: readonly Unit[], j: number, subject: Subject, lexicon: Lexicon, accept: Accept): number {
  const name = nameBefore(units, j, subject)
  if (name) return ['the', 'les'].includes(units[j - name - 1]?.low ?? '') ? name + 1 : name
  if (accept.generic) {
    for (let length = 2; length <= 6 && j - length >= 0; length++) {
      if (genericAt(units, j - length, lexicon) === length) return length
    }
  }
  if (accept.groupPronoun && anyBefore(units, j, lexicon.groupPronouns)) return 1
  if (accept.personPronoun && anyBefore(units, j, lexicon.personPronouns)) return 1
  if (accept.possessive) {
    const possessive = anyBefore(units, j, lexicon.possessives)
    if (possessive) {
      const word = units[j - 1]!.low
      const personal = ['his', 'her', 'sa', 'son', 'ses'].includes(word)
      if (!personal || accept.personPronoun) return possessive
    }
    // "the band's"
    if (units[j - 1]?.low === "'s" || /['’]s$/.test(units[j - 1]?.token.raw ?? '')) {
      for (let length = 2; length <= 4 && j - length >= 0; length++) {
        const generic = genericAt(units, j - length, lexicon)
        if (generic && generic >= length - 1) return length
      }
    }
  }
  return 0
}

export interface Others {
  /** Another group was named: "the band Darlin'", "Darlin', a short-lived trio", "formed the Sugarcubes". */
  group: boolean
  /** Another person was named: "the producer Nellee Hooper", "Beth Gibbons". */
  person: boolean
}

/**
 * Who else the units name. Once another group is named in a block, "the band" and "they" may mean
 * it; once another person is, "he" and "she" may.
 */
export function othersNamed(units: readonly Unit[], subject: Subject, lexicon: Lexicon): Others {
  const others: Others = { group: false, person: false }
  const capitalised = (i: number) => {
    const unit = units[i]
    return unit !== undefined && unit.kind === 'word' && unit.token.cap && !unit.year && !nameAt(units, i, subject)
  }
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!
    const group = anyAt(units, i, lexicon.groupNouns) || anyAt(units, i, lexicon.formedTransitive) || (/^(joined|rejoint|rejoignent|rejoindre|join)$/.test(unit.low) ? 1 : 0)
    const person = anyAt(units, i, lexicon.personNouns)
    for (const [length, kind] of [[group, 'group'], [person, 'person']] as const) {
      if (!length) continue
      let j = i + length
      if (['the', 'le', 'la', 'les', "l'"].includes(units[j]?.low ?? '')) j++
      if (capitalised(j)) others[kind] = true
    }
    // "Massive Attack, the Bristol band formed in 1988,": an apposition naming another group. When a
    // verb follows the noun ("The Wild Bunch, le groupe est formé"), the noun is the sentence's subject.
    if (capitalised(i) && units[i + 1]?.low === ',' && anyAt(units, i + 2, lexicon.articles)) {
      for (let j = i + 3; j < i + 7 && j < units.length; j++) {
        const noun = anyAt(units, j, lexicon.groupNouns)
        if (!noun) continue
        const after = j + noun + frenchAdjectives(units, j + noun)
        if (!anyAt(units, after, lexicon.filler) && !anyAt(units, after, lexicon.copulas)) others.group = true
        break
      }
    }
    // "Beth Gibbons": a first name and a surname.
    if (capitalised(i) && capitalised(i + 1) && i > 0 && units[i + 1]!.token.gap) others.person = true
  }
  return others
}

export const functionWords = new Set([
  'and', 'or', 'of', 'with', 'in', 'on', 'at', 'the', 'a', 'an', 'who', 'that', 'which', 'from', 'by', 'for', 'as', 'to', 'is', 'are',
  'was', 'were', 'et', 'ou', 'avec', 'dans', 'le', 'la', 'les', 'un', 'une', 'qui', 'que', 'par', 'pour', 'comme', 'est', 'sont',
])

/** A noun for a group or a person at `i`: its length, and which. */
export function roleAt(units: readonly Unit[], i: number, lexicon: Lexicon): { length: number; group: boolean } | null {
  const group = anyAt(units, i, lexicon.groupNouns)
  if (group) return { length: group, group: true }
  const person = anyAt(units, i, lexicon.personNouns)
  return person ? { length: person, group: false } : null
}

/**
 * A noun phrase for a group or a person ending just before `j` ("an English band", "un duo
 * français", "le groupe de trip-hop britannique") that stands for the artist.
 */
export function roleBefore(units: readonly Unit[], j: number, subject: Subject, lexicon: Lexicon, others: Others): boolean {
  for (let k = j - 1; k >= Math.max(0, j - 5); k--) {
    const role = roleAt(units, k, lexicon)
    if (role && k + role.length <= j) return standsForArtist(units, phraseStart(units, k, lexicon), j, role.group, subject, lexicon, others)
    const unit = units[k]!
    if (lexicon.language === 'en' || unit.kind !== 'word' || unit.token.cap || (functionWords.has(unit.low) && unit.low !== 'de')) return false
  }
  return false
}

/** The units of a noun for the artist ending at `end` (exclusive): articles and adjectives before it. */
export function phraseStart(units: readonly Unit[], at: number, lexicon: Lexicon): number {
  let j = at
  let adjectives = 0
  while (j > 0) {
    const previous = units[j - 1]!
    if (anyBefore(units, j, lexicon.articles) || anyBefore(units, j, lexicon.possessives)) return j - 1
    if (previous.kind === 'word' && !functionWords.has(previous.low) && !previous.year && adjectives < 3) {
      adjectives++
      j--
    } else break
  }
  return j
}

/**
 * Whether the noun phrase [start, end) stands for the artist: named right after it ("Icelandic
 * singer Björk"), said of the artist ("Björk is an Icelandic singer", "Björk, the Icelandic
 * singer"), or the subject opening the sentence with no other name in reach ("The Icelandic singer
 * then...").
 */
export function standsForArtist(units: readonly Unit[], start: number, end: number, group: boolean, subject: Subject, lexicon: Lexicon, others: Others): boolean {
  let after = end
  if (units[after]?.low === 'the') after++
  if (nameAt(units, after, subject)) return true
  // "An Icelandic singer, Björk first...": the noun phrase opening the sentence, then the name.
  if (units[end]?.low === ',' && opensSentence(units, start) && nameAt(units, end + 1, subject)) return true
  const next = units[end]?.low === 'the' ? units[end + 1] : units[end]
  const anotherNamed = next?.kind === 'word' && next.token.cap
  let j = start
  const copula = anyBefore(units, j, lexicon.copulas)
  if (copula) j -= copula
  // "Paul Van Haver, alias Stromae, est un ...": the name, then a comma, then the verb.
  if (units[j - 1]?.low === ',') j--
  // "Kraftwerk (German for "power station") are a German band": an aside between the name and the verb.
  if (copula) j = skipParenthesisBack(units, j)
  if (j < start && artistRefBefore(units, j, subject, lexicon, {}) > 0) return true
  // "Collectif britannique né à Bristol, Massive Attack...": the phrase opening the sentence, then the name.
  if (opensSentence(units, start) && !copula) {
    for (let i = end; i < units.length && i < end + 16; i++) {
      if (units[i]!.kind === 'work') break
      if (units[i]!.low === ',') {
        if (nameAt(units, i + 1, subject) || (units[i + 1]?.low === 'the' && nameAt(units, i + 2, subject))) return true
        break
      }
    }
  }
  const definite = ['the', 'le', 'la', "l'"].includes(units[start]?.low ?? '')
  if (definite && opensSentence(units, start) && !anotherNamed) return group ? !others.group : !others.person
  return false
}


/**
 * Whether `at` starts the sentence's main clause: the first word, or the first after an opening
 * phrase that names no one ("Pendant plus de trente ans, le chanteur...", "Sur *Dummy*, le groupe...").
 */
export function opensSentence(units: readonly Unit[], at: number): boolean {
  if (at === 0) return true
  if (units[at - 1]?.low !== ',') return false
  for (let i = 0; i < at - 1; i++) {
    const unit = units[i]!
    if (unit.low === ',' || (i > 0 && unit.kind === 'word' && unit.token.cap)) return false
  }
  return true
}

/** Back over a parenthesis ending just before `j`: the index of its "(", or `j` when there is none. */
export function skipParenthesisBack(units: readonly Unit[], j: number): number {
  if (units[j - 1]?.low !== ')') return j
  for (let i = j - 2; i >= 0 && i >= j - 20; i--) if (units[i]!.low === '(') return i
  return j
}
