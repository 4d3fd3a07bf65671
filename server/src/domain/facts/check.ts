/**
 * The checker: the claims of a portrait the collection can check, each marked confirmed or
 * contradicted. Pure and synchronous; no model is asked anything.
 */
import { albumYears } from './album-years.ts'
import { othersNamed, type Others } from './artist-refs.ts'
import { careerYears } from './career.ts'
import { countryName } from './countries.ts'
import { splitBlocks, type Block, type BlockKind } from './blocks.ts'
import { lexiconFor } from './languages.ts'
import type { Lexicon } from './lexicon.ts'
import { keyedClaims } from './keyed.ts'
import { origins } from './origin.ts'
import { read } from './reading.ts'
import { subjectOf, type Subject } from './subject.ts'
import { tableYears } from './tables.ts'
import type { CollectionFacts, FactCheck, FactKind } from './types.ts'

function verdict(kind: FactKind, subject: string, start: number, stated: string, expected: string, same: boolean): FactCheck {
  return { start, end: start + stated.length, kind, subject, stated, expected, status: same ? 'CONFIRMED' : 'CONTRADICTED' }
}

function checkBlock(text: string, kind: BlockKind, subject: Subject, lexicon: Lexicon, base: number): FactCheck[] {
  const reading = read(text, kind, subject, lexicon)
  const { facts } = subject
  const checks: FactCheck[] = []
  const stated = (first: { start: number }, last: { end: number }) => text.slice(first.start, last.end)
  const album = (title: string, expected: number | null, year: { start: number; year?: number }) => {
    if (expected !== null) checks.push(verdict('ALBUM_YEAR', title, base + year.start, String(year.year), String(expected), year.year === expected))
  }
  const career = (kind: 'FORMED_YEAR' | 'ENDED_YEAR', year: { start: number; year?: number }) => {
    const expected = kind === 'FORMED_YEAR' ? facts.formedYear : facts.endedYear
    if (expected !== null) checks.push(verdict(kind, facts.name, base + year.start, String(year.year), String(expected), year.year === expected))
  }
  const country = (code: string, first: { start: number }, last: { end: number }) => {
    if (!facts.country) return
    const expected = countryName(facts.country, lexicon.language)
    checks.push(verdict('COUNTRY', facts.name, base + first.start, stated(first, last), expected, code === facts.country.toUpperCase()))
  }
  for (const claim of keyedClaims(reading, text)) {
    if (claim.kind === 'COUNTRY') country(claim.code, claim.first, claim.last)
    else career(claim.kind, claim.year)
  }
  if (kind === 'table') {
    for (const { album: known, year } of tableYears(reading, text)) album(known.title, known.year, year)
    return checks
  }
  // Who else the block has named so far: "the band" after "the band Darlin'" may mean Darlin'.
  const others: Others = { group: false, person: false }
  for (const sentence of reading.sentences) {
    for (const { album: known, year } of albumYears(sentence, lexicon)) album(known.title, known.year, year)
    const named = othersNamed(sentence.units, subject, lexicon)
    const before: Others = { group: others.group || named.group, person: others.person || named.person }
    for (const { kind: claimKind, year } of careerYears(sentence, subject, lexicon, before)) career(claimKind, year)
    for (const { code, first, last } of origins(sentence, subject, lexicon, before)) country(code, sentence.units[first]!, sentence.units[last]!)
    others.group = before.group
    others.person = before.person
  }
  return checks
}

/** The checks of one block of a text; `base` is the block's offset in the text. */
export function checkBlockAt(text: string, block: Block, subject: Subject, lexicon: Lexicon, base: number): FactCheck[] {
  const checks = checkBlock(text.slice(block.start, block.end), block.kind, subject, lexicon, base + block.start)
  const seen = new Set<string>()
  return checks
    .sort((a, b) => a.start - b.start)
    .filter((check) => {
      const id = `${check.start}:${check.kind}`
      if (seen.has(id)) return false
      seen.add(id)
      return true
    })
}

/**
 * The checks of a Markdown text, in order of position. `offset` is added to every position, so a
 * block checked alone, at its place in a longer text, gets the offsets it has in that text: for
 * blocks cut at blank lines or by markdown-it's lexer, checking each block with its offset gives
 * exactly the checks of the whole text. Languages other than English and French give none.
 */
export function checkFacts(markdown: string, facts: CollectionFacts, language: string, offset = 0): FactCheck[] {
  const lexicon = lexiconFor(language)
  if (!lexicon) return []
  const subject = subjectOf(facts)
  return splitBlocks(markdown).flatMap((block) => checkBlockAt(markdown, block, subject, lexicon, offset))
}
