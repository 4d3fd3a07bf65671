/**
 * ALBUM_YEAR claims in a sentence: which year the sentence gives as which work's release.
 * Each rule attaches a year to one work only when nothing else in reach could own it; a year any
 * rule leaves unattached says nothing.
 */
import { clauseAt, clausesOf, isReference, skipNounPhraseBack, type Clause } from './clauses.ts'
import type { Lexicon } from './lexicon.ts'
import { anyAt, anyBefore, occurs } from './match.ts'
import type { Sentence, Unit } from './reading.ts'
import type { KnownAlbum } from './subject.ts'
import { appositionBefore, continues, governor, introduces, joinsAnotherYear, onlyTime, regional, releaseGoverns, whenFollows } from './release-context.ts'
import { yearRole } from './years.ts'

export interface AlbumYearClaim {
  album: KnownAlbum
  /** The unit of the stated year. */
  year: Unit
}

const listSeparators = new Set([',', '–', '—', '-', ':'])
const leadSeparators = new Set([':', '–', '—', '-', '.', '|', ')'])
const closers = new Set(['.', ';', ')', ':', '—', '–', '!', '|'])

function closing(units: readonly Unit[], open: number): number {
  const close = units[open]!.low === '(' ? ')' : ']'
  for (let i = open + 1; i < units.length; i++) if (units[i]!.low === close) return i
  return units.length
}

export function albumYears(sentence: Sentence, lexicon: Lexicon): AlbumYearClaim[] {
  const { units } = sentence
  const clauses = clausesOf(units, lexicon)
  const used = new Set<number>()
  const saturated = new Set<number>()
  const found: { work: number; year: number }[] = []
  const claim = (work: number, year: number) => {
    found.push({ work, year })
    used.add(year)
    saturated.add(work)
  }
  // Where an event or a negation starts, and how long it is: asked of many clauses, found once.
  const eventAt = units.map((_, i) => anyAt(units, i, lexicon.otherEvents) || anyAt(units, i, lexicon.negations))
  const events = (from: number, to: number) => {
    for (let i = from; i < to; i++) if (eventAt[i] && i + eventAt[i]! <= to) return true
    return false
  }
  const cue = (clause: Clause | null) => clause !== null && occurs(units, clause[0], clause[1], lexicon.release)
  const isWork = (i: number) => units[i]?.kind === 'work'
  const yearsIn = (from: number, to: number) => {
    const years: number[] = []
    for (let i = from; i < to; i++) if (units[i]!.kind === 'year') years.push(i)
    return years
  }

  // "*Post* (1995)", "*Post* (One Little Indian, 1995)": one undisputed year in the parentheses after it.
  for (let i = 0; i < units.length; i++) {
    if (units[i]!.low !== '(' && units[i]!.low !== '[') continue
    const close = closing(units, i)
    const years = yearsIn(i + 1, close)
    for (const y of years) used.add(y)
    if (!isWork(i - 1) || years.length === 0) continue
    saturated.add(i - 1)
    // "a deluxe reissue of *Post* (2015)": the year may be the reissue's.
    const head = skipNounPhraseBack(units, i - 1, lexicon)
    if (['of', 'de', 'du', "d'"].includes(units[head - 1]?.low ?? '') && anyBefore(units, head - 1, lexicon.otherEvents)) {
      i = close
      continue
    }
    const candidates: number[] = []
    let part = i + 1
    for (let j = i + 1; j <= close; j++) {
      if (j < close && units[j]!.low !== ',' && units[j]!.low !== ';') continue
      if (!events(part, j)) {
        for (const y of yearsIn(part, j)) if (['bare', 'dated'].includes(yearRole(units, y, lexicon))) candidates.push(y)
      }
      part = j + 1
    }
    if (candidates.length === 1) found.push({ work: i - 1, year: candidates[0]! })
    i = close
  }

  for (let k = 0; k < units.length; k++) {
    if (units[k]!.kind !== 'year' || used.has(k)) continue
    const role = yearRole(units, k, lexicon)
    // "*Volta*, her album from 2007", "*Volta*, son album de 2007", "*Post* is an album from 1995".
    const apposed = ['de', 'from'].includes(units[k - 1]?.low ?? '') && role !== 'range' && !joinsAnotherYear(units, k) ? appositionBefore(units, k - 1, lexicon, true) : null
    if (apposed !== null && isWork(apposed) && !events(clauseAt(clauses, k)![0], clauseAt(clauses, k)![1])) {
      claim(apposed, k)
      continue
    }
    if (role === 'range' || role === 'decade' || role === 'bound') {
      used.add(k)
      continue
    }
    const clause = clauseAt(clauses, k)!
    const debut = occurs(units, clause[0], k, lexicon.careerStart)
    if (events(clause[0], clause[1]) && !debut) continue
    // "1995's *Post*", "1995's acclaimed *Post*".
    if (units[k]!.token.possessive) {
      let j = k + 1
      while (j < k + 3 && units[j]?.kind === 'word' && !units[j]!.token.cap) j++
      if (isWork(j) && !events(k + 1, j)) claim(j, k)
      continue
    }
    // "the 1995 album *Post*", "her 1997 LP, *Homogenic*".
    let j = k + 1
    let nouns = 0
    for (;;) {
      const noun = anyAt(units, j, lexicon.albumNouns)
      const adjective = noun ? 0 : anyAt(units, j, lexicon.albumAdjectives)
      if (!noun && !adjective) break
      if (noun) nouns++
      j += noun || adjective
    }
    if (nouns && units[j]?.low === ',') j++
    if (nouns && isWork(j)) {
      claim(j, k)
      continue
    }
    // "son album de 1997, *Homogenic*", "l'album *Homogenic* de 1997".
    if (units[k - 1]?.low === 'de') {
      const next = units[k + 1]?.low === ',' ? k + 2 : k + 1
      if (anyAt(units, k - 2, lexicon.albumNouns) && isWork(next)) {
        claim(next, k)
        continue
      }
      if (isWork(k - 2) && !isReference(units, k - 2, clauseAt(clauses, k - 2)!, lexicon)) {
        claim(k - 2, k)
        continue
      }
    }
    // "*Post*, 1995." and "*Post* – 1995": a caption or list entry.
    if (listSeparators.has(units[k - 1]?.low ?? '') && isWork(k - 2) && (k + 1 === units.length || closers.has(units[k + 1]!.low))) {
      claim(k - 2, k)
      continue
    }
    // "débute sa carrière en 1957 avec *Du chant à la une !...*": a first record dates the start.
    if (debut && role === 'dated') {
      let w = k + 1
      if (units[w]?.low === 'with' || units[w]?.low === 'avec') {
        w++
        while (w < units.length && !isWork(w) && (anyAt(units, w, lexicon.articles) || anyAt(units, w, lexicon.possessives) || anyAt(units, w, lexicon.albumAdjectives) || anyAt(units, w, lexicon.albumNouns) || units[w]!.low === ',')) w++
        if (isWork(w)) {
          claim(w, k)
          continue
        }
      }
      continue
    }
    // "*Volta*, her 2007 album,", "*Volta*, son album de 2007": an apposition dating the work before it.
    if (nouns && !isWork(j)) {
      const w = appositionBefore(units, k, lexicon)
      if (w !== null && isWork(w)) {
        claim(w, k)
        continue
      }
    }
    // "1995 saw the release of *Post*", "1997 voit la sortie de *Homogenic*".
    if (k === 0 || (k === 1 && anyAt(units, 0, lexicon.dating))) {
      const saw = anyAt(units, k + 1, lexicon.yearSaw)
      if (saw && isWork(k + 1 + saw)) {
        claim(k + 1 + saw, k)
        continue
      }
    }
    // "1995: *Post*" opening a heading or list item.
    if (sentence.opensBlock && k === 0 && leadSeparators.has(units[1]?.low ?? '') && isWork(2)) {
      claim(2, k)
      continue
    }
  }

  // Years dated by "in"/"en" that a clause gives to exactly one work.
  const reference = new Map<number, boolean>()
  const isCandidate = (w: number) => {
    if (!isWork(w) || saturated.has(w)) return false
    if (!reference.has(w)) reference.set(w, isReference(units, w, clauseAt(clauses, w)!, lexicon))
    return !reference.get(w)
  }
  const candidatesIn = (from: number, to: number) => {
    const list: number[] = []
    for (let i = from; i < to; i++) if (isCandidate(i)) list.push(i)
    return list
  }
  const sentenceCue = cue([0, units.length])
  const sentenceEvents = events(0, units.length)
  const plain = (clause: Clause) => !events(clause[0], clause[1]) && !regional(units, clause, lexicon)
  for (let k = 0; k < units.length; k++) {
    if (units[k]!.kind !== 'year' || used.has(k) || yearRole(units, k, lexicon) !== 'dated') continue
    const index = clauses.findIndex(([start, end]) => k >= start && k < end)
    const clause = clauses[index]!
    // "in 1967, when Columbia issued *X*": the clause after the year says what happened then.
    const inClause = candidatesIn(clause[0], clause[1])
    const when = inClause.length === 0 && whenFollows(units, k, clause, lexicon)
    const governed = when ? null : governor(units, k, clause, lexicon)
    if (!when && (governed === 'other' || regional(units, clause, lexicon) || events(clause[0], clause[1]))) continue
    let target: number | null = null
    let cued = governed === 'release' || releaseGoverns(units, clause, k, lexicon)
    if (inClause.length === 1) {
      target = inClause[0]!
      // "*Medúlla* in 2004" after "*Vespertine* came out in 2001,": the verb is the sentence's.
      const opener = anyAt(units, clause[0], lexicon.clause)
      const elliptic = target === clause[0] + opener && onlyTime(units, [target + 1, k + 1], lexicon)
      if (!cued && elliptic && sentenceCue && !sentenceEvents) cued = true
    } else if (inClause.length === 0) {
      const previous = clauses[index - 1]
      const modifier = anyAt(units, clause[0], lexicon.relative) || anyAt(units, clause[0], lexicon.release)
      if (modifier && previous && isCandidate(previous[1] - 1) && previous[1] >= clause[0] - 1) {
        // "*Post*, released in 1995", "*Post*, which followed in 1995".
        target = previous[1] - 1
      } else if (onlyTime(units, clause, lexicon) && previous && !events(previous[0], previous[1]) && (candidatesIn(previous[0], previous[1]).length === 1 || continues(units, previous, lexicon))) {
        // "*Post* appeared two years later, in 1995": the date closes the clause before it.
        const own = candidatesIn(previous[0], previous[1])
        const before = candidatesIn(0, previous[0])
        if (own.length === 1) target = own[0]!
        else if (before.length === 1 && candidatesIn(previous[1], units.length).length === 0) target = before[0]!
        cued = cue(previous)
      } else if ((index === 0 && introduces(units, clause, lexicon)) || onlyTime(units, clause, lexicon) || when) {
        // "In 1997, she released *Homogenic*"; "Sorti en 1997, *Homogenic*"; "in 1967, when Columbia issued *X*".
        const next = nextWithWorks(index)
        if (next) {
          const inNext = candidatesIn(next[0], next[1])
          if (inNext.length === 1 && plain(next)) {
            target = inNext[0]!
            cued = (cued && !when) || cue(next)
          }
        }
      } else if (continues(units, clause, lexicon)) {
        // "*Debut* was recorded in London and released in 1993", "*Vespertine*, her most intimate record, arrived in 2001".
        const w = subjectGoingOn(clause)
        if (w !== null && candidatesIn(clause[0], units.length).length === 0) {
          target = w
          cued = true
        }
      }
    }
    if (target === null || !cued) continue
    claim(target, k)
  }

  /**
   * The work a subjectless clause goes on about: the nearest one before it, when nothing between
   * (no other year, no other work it could be about) and nothing in its own clause (no release, no
   * year) claims the clause for something else: "*Abbey Road*, the last album they recorded
   * together, came out in 1969".
   */
  function subjectGoingOn(clause: Clause): number | null {
    const before = candidatesIn(0, clause[0])
    const w = before.at(-1)
    if (w === undefined) return null
    const own = clauseAt(clauses, w)!
    // Between them, only works and years already accounted for ("qui succède à *Post* (1995)").
    for (let i = own[1]; i < clause[0]; i++) if ((units[i]!.kind === 'year' && !used.has(i)) || isCandidate(i)) return null
    if (before.length > 1 && (cue(own) || yearsIn(own[0], own[1]).length > 0)) return null
    return w
  }

  /** The next clause that names a work, past short clauses that name nothing ("chez Source et Virgin"). */
  function nextWithWorks(index: number): Clause | null {
    for (let i = index + 1; i < clauses.length && i <= index + 3; i++) {
      const [start, end] = clauses[i]!
      let hasWork = false
      for (let j = start; j < end; j++) if (isWork(j)) hasWork = true
      if (hasWork) return clauses[i]!
      if (end - start > 4 || events(start, end) || cue(clauses[i]!)) return null
    }
    return null
  }

  const claims: AlbumYearClaim[] = []
  for (const { work, year } of found) {
    const album = units[work]!.work!.album
    if (album) claims.push({ album, year: units[year]! })
  }
  return claims
}
