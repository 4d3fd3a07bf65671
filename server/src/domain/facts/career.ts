/**
 * FORMED_YEAR and ENDED_YEAR claims: the year a sentence gives for the artist forming (or a
 * person's career starting) and for its end (a split, or a person's death). The one formed or
 * ended must be the artist: "Barrow formed Beak> in 2009" and "Ian Curtis died in 1980" are not.
 */
import { artistRefAt, artistRefBefore, nameAt, opensSentence, roleBefore, skipParenthesisBack, type Accept, type Others } from './artist-refs.ts'
import type { Lexicon, Phrase } from './lexicon.ts'
import { anyAt, anyBefore, mayStart, occurs } from './match.ts'
import type { Sentence, Unit } from './reading.ts'
import type { Subject } from './subject.ts'
import { yearRole } from './years.ts'

export interface CareerClaim {
  kind: 'FORMED_YEAR' | 'ENDED_YEAR'
  year: Unit
}

type Shape = 'verb' | 'transitive' | 'groupOnly' | 'noun' | 'career' | 'death' | 'deathNoun'

/** A word or phrase saying the artist formed or ended, with every shape it can have there. */
interface Cue {
  kind: CareerClaim['kind']
  shapes: Shape[]
  at: number
  length: number
}

const stops = new Set([';', ':', '(', ')', '—', '–', '|'])

const cuesCache = new WeakMap<readonly Unit[], Cue[]>()

function cueLists(lexicon: Lexicon): [CareerClaim['kind'], Shape, Phrase[]][] {
  return [
    ['FORMED_YEAR', 'career', lexicon.careerStart],
    ['FORMED_YEAR', 'groupOnly', lexicon.formedGroupOnly],
    ['FORMED_YEAR', 'verb', lexicon.formedVerbs],
    ['FORMED_YEAR', 'transitive', lexicon.formedTransitive],
    ['FORMED_YEAR', 'noun', lexicon.formedNouns],
    ['ENDED_YEAR', 'verb', lexicon.endedVerbs],
    ['ENDED_YEAR', 'transitive', lexicon.endedTransitive],
    ['ENDED_YEAR', 'noun', lexicon.endedNouns],
    ['ENDED_YEAR', 'death', lexicon.deathVerbs],
    ['ENDED_YEAR', 'deathNoun', lexicon.deathNouns],
  ]
}

function cuesOf(units: readonly Unit[], lexicon: Lexicon): Cue[] {
  const known = cuesCache.get(units)
  if (known) return known
  const lists = cueLists(lexicon)
  const cues: Cue[] = []
  for (let i = 0; i < units.length; i++) {
    if (units[i]!.kind !== 'word' || !lists.some(([, , list]) => mayStart(list, units[i]!.low))) continue
    let best: Cue | null = null
    for (const [kind, shape, list] of lists) {
      const length = anyAt(units, i, list)
      if (!length || (best && (length < best.length || kind !== best.kind))) continue
      if (best && length === best.length) best.shapes.push(shape)
      else best = { kind, shapes: [shape], at: i, length }
    }
    if (best) {
      cues.push(best)
      i += best.length - 1
    }
  }
  cuesCache.set(units, cues)
  return cues
}

/** The year a cue governs: the first dated year after it in reach, or the sentence's "In 1991," opening. */
function yearOf(units: readonly Unit[], cue: Cue, lexicon: Lexicon, sentence: Sentence): number | null {
  const from = cue.at + cue.length
  for (let i = from; i < units.length && i < from + 10; i++) {
    const unit = units[i]!
    if (unit.kind === 'year') return yearRole(units, i, lexicon) === 'dated' ? i : null
    if (unit.kind === 'work' || stops.has(unit.low) || (i > from && anyAt(units, i, lexicon.clause) && unit.low !== 'and' && unit.low !== 'et')) return null
  }
  // "In 1991, the band formed": a date alone opening the sentence, before the cue's clause.
  for (let i = 0; i < cue.at && i < 6; i++) {
    const unit = units[i]!
    if (unit.kind === 'year') {
      const comma = units[i + 1]?.low === ','
      return comma && yearRole(units, i, lexicon) === 'dated' ? i : null
    }
    const dating = anyAt(units, i, lexicon.dating) || anyAt(units, i, lexicon.dateWords) || (/^\d{1,2}$/.test(unit.low) ? 1 : 0)
    if (!dating) return null
    i += dating - 1
  }
  // "1991 : formation du groupe" opening a list item.
  if (sentence.opensBlock && units[0]?.kind === 'year' && /^[:–—-]$/.test(units[1]?.low ?? '')) return 0
  return null
}

function skipFillerBack(units: readonly Unit[], j: number, lexicon: Lexicon): number {
  for (;;) {
    const length = anyBefore(units, j, lexicon.filler)
    if (!length) return j
    j -= length
  }
}

interface Context {
  units: readonly Unit[]
  subject: Subject
  lexicon: Lexicon
  others: Others
}

/** What is said of the artist ending just before `j`: a reference, or a noun standing for it ("un duo français"). */
function refBefore({ units, subject, lexicon, others }: Context, j: number, accept: Accept, roles: boolean): boolean {
  return artistRefBefore(units, j, subject, lexicon, accept) > 0 || (roles && roleBefore(units, j, subject, lexicon, others))
}

/** The one the verb at `at` is said of, read back from it: "Portishead formed", "the band, from Bristol, split". */
function subjectBefore(context: Context, at: number, accept: Accept, roles = false): boolean {
  const { units, lexicon } = context
  let j = skipParenthesisBack(units, skipFillerBack(units, at, lexicon))
  if (['who', 'which', 'that', 'qui'].includes(units[j - 1]?.low ?? '')) j--
  if (units[j - 1]?.low === ',') {
    // An apposition between the subject and its verb: "Portishead, the Bristol trio, formed".
    if (refBefore(context, j - 1, accept, roles)) return true
    let k = j - 2
    while (k > 0 && k > j - 14 && units[k]!.low !== ',') k--
    if (units[k]?.low !== ',') return false
    j = k
  }
  return refBefore(context, j, accept, roles)
}

/** "Formed in Bristol in 1991, Portishead...": the subject after the opening clause. */
function subjectAfterOpening({ units, subject, lexicon }: Context, at: number, accept: Accept): boolean {
  if (skipFillerBack(units, at, lexicon) !== 0) return false
  // Past the places and dates of the opening phrase ("Formed in Bristol, England, in 1991,", "Formé à
  // Abingdon, près d'Oxford, en 1985,"), the first comma followed by the artist.
  for (let i = at; i < units.length - 1 && i < at + 20; i++) {
    const unit = units[i]!
    if (unit.kind === 'work' || stops.has(unit.low) || (anyAt(units, i, lexicon.clause) && unit.low !== 'and' && unit.low !== 'et')) return false
    if (unit.low === ',' && artistRefAt(units, i + 1, subject, lexicon, accept) > 0) return true
  }
  return false
}

/** Words an object starts with; after a verb, anything else ("in", "there", "par") is not an object. */
const determiners = new Set(['the', 'a', 'an', 'their', 'his', 'her', 'its', 'le', 'la', 'les', "l'", 'un', 'une', 'des', 'du', 'leur', 'sa', 'son', 'ses', 'this', 'ce', 'cette', 'it', 'them'])

/** The object of a transitive cue, when it has one: true if it is the artist, false if something else, null if none. */
function objectIsArtist({ units, subject, lexicon }: Context, cue: Cue): boolean | null {
  const at = cue.at + cue.length
  const next = units[at]
  if (!next || !(determiners.has(next.low) || (next.kind === 'word' && next.token.cap && !next.year))) return null
  return artistRefAt(units, at, subject, lexicon, { generic: true }) > 0
}

/**
 * The possessor of a noun cue: "Portishead's formation", "the band's split", "la séparation du
 * groupe". "Their split" and "sa séparation" count when the sentence has named the artist before
 * and no one else: of a couple, "their split" is another story.
 */
function possessorIsArtist(context: Context, cue: Cue, accept: Accept, pronouns: boolean): boolean {
  const { units, subject, lexicon, others } = context
  let j = cue.at
  if (['the', 'la', 'le', "l'"].includes(units[j - 1]?.low ?? '')) j--
  if (artistRefBefore(units, j, subject, lexicon, accept)) return true
  if (artistRefBefore(units, j, subject, lexicon, { possessive: true }) && !anyBefore(units, j, lexicon.possessives)) return true
  if (pronouns && anyBefore(units, j, lexicon.possessives) && !others.group && !others.person) {
    const next = units[cue.at + cue.length]?.low ?? ''
    const named = units.slice(0, j).some((_, i) => nameAt(units, i, subject) > 0 || artistRefAt(units, i, subject, lexicon, { generic: true }) > 0)
    if (named && !['with', 'from', 'avec', "d'", 'de'].includes(next)) return true
  }
  const after = cue.at + cue.length
  const of = anyAt(units, after, lexicon.of)
  if (!of) return false
  if (units[after]!.low === 'du') return artistRefAt(units, after, subject, lexicon, accept) > 0
  return artistRefAt(units, after + of, subject, lexicon, accept) > 0
}

/** "began his career as a poet": a career other than a musician's. */
function otherCareer(units: readonly Unit[], from: number, to: number, lexicon: Lexicon): boolean {
  for (let i = from; i < to; i++) {
    if (!['as', 'comme'].includes(units[i]!.low)) continue
    let j = i + 1
    if (anyAt(units, j, lexicon.articles)) j++
    if (!anyAt(units, j, lexicon.personNouns) && !anyAt(units, j, lexicon.groupNouns)) return true
  }
  return false
}

function holds(shape: Shape, context: Context, cue: Cue): boolean {
  const { others } = context
  const group: Accept = { generic: !others.group, groupPronoun: !others.group }
  const intransitive = () => subjectBefore(context, cue.at, group, true) || subjectAfterOpening(context, cue.at, group)
  switch (shape) {
    case 'verb':
    case 'transitive': {
      const object = objectIsArtist(context, cue)
      if (object !== null) return object && shape === 'transitive'
      // "started", "launched": forming only with the band as object.
      return shape === 'verb' && intransitive()
    }
    case 'groupOnly':
      // "le groupe naît en 1991"; of a name it may be a person's birth.
      return subjectBefore({ ...context, subject: { ...context.subject, names: [] } }, cue.at, { generic: !others.group })
    case 'noun':
      return possessorIsArtist(context, cue, group, true)
    case 'career':
      // "Sa carrière commence en 1962", "Her career began in 1977": the possessive opens the sentence.
      if (anyAt(context.units, cue.at, context.lexicon.possessives) && opensSentence(context.units, cue.at)) return !others.person && !others.group
      return subjectBefore(context, cue.at, { personPronoun: !others.person })
    case 'death':
      return subjectBefore(context, cue.at, {}) || possessorIsArtist(context, cue, {}, false)
    case 'deathNoun':
      return possessorIsArtist(context, cue, {}, false)
  }
}

/** Where the sentence says the artist formed, whether or not it gives a year: "Portishead formed in Bristol". */
export function artistFormations(sentence: Sentence, subject: Subject, lexicon: Lexicon, others: Others): { at: number; length: number }[] {
  const context: Context = { units: sentence.units, subject, lexicon, others }
  return cuesOf(sentence.units, lexicon)
    .filter((cue) => cue.kind === 'FORMED_YEAR' && cue.shapes.some((shape) => shape !== 'career' && holds(shape, context, cue)))
    .map(({ at, length }) => ({ at, length }))
}

export function careerYears(sentence: Sentence, subject: Subject, lexicon: Lexicon, others: Others): CareerClaim[] {
  const { units } = sentence
  const context: Context = { units, subject, lexicon, others }
  const claims: CareerClaim[] = []
  for (const cue of cuesOf(units, lexicon)) {
    const y = yearOf(units, cue, lexicon, sentence)
    if (y === null) continue
    const [from, to] = y > cue.at ? [cue.at + cue.length, y] : [y + 1, cue.at]
    if (occurs(units, from, to, lexicon.careerOthers) || otherCareer(units, from, to, lexicon)) continue
    // "did not split in 2011", "ne se sépare pas en 2011".
    const clauseStart = Math.max(0, Math.min(cue.at, y) - 4)
    if (occurs(units, clauseStart, Math.max(cue.at + cue.length, y) + 2, lexicon.negations)) continue
    if (cue.shapes.some((shape) => holds(shape, context, cue))) claims.push({ kind: cue.kind, year: units[y]! })
  }
  return claims
}
