/**
 * The fact checker on a labelled corpus of portraits: precision (CONTRADICTED marks that are
 * planted wrong claims), recall (planted wrong claims marked CONTRADICTED), wrong claims marked
 * CONFIRMED, and the time per 1,000 words against a baseline measured in the same run: markdown-it
 * parsing the same text, which every portrait goes through anyway. It also checks that checking
 * block by block (markdown-it's blocks, and a stream cut in random pieces) gives the checks of
 * the whole text. Exits with 1 when a target is missed.
 *
 *   npm run bench:facts [-- --corpus <folder with labels.json and corpus/>] [-- --verbose]
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { countWords } from '../src/domain/article.ts'
import { checkFacts } from '../src/domain/facts/check.ts'
import { createFactStream } from '../src/domain/facts/stream.ts'
import type { CollectionFacts, FactCheck, FactKind } from '../src/domain/facts/types.ts'

const { values } = parseArgs({
  options: {
    corpus: { type: 'string', default: fileURLToPath(new URL('./facts', import.meta.url)) },
    verbose: { type: 'boolean', default: false },
  },
})

interface Label {
  /** Exact words of the portrait holding the claim or the distractor. */
  quote: string
  /** Which occurrence of the quote, from 1, when it appears more than once. */
  occurrence?: number
  kind?: FactKind
  /** CONTRADICTED: a planted wrong claim; CONFIRMED: a correct one; NONE: a distractor no check may touch. */
  expect: 'CONTRADICTED' | 'CONFIRMED' | 'NONE'
  distractor?: string
}

interface Portrait {
  file: string
  language: string
  facts: CollectionFacts
  labels: Label[]
}

/** The markdown-it the web app renders with: a dependency of the client, resolved from there. */
interface BlockToken {
  map: [number, number] | null
  level: number
}
const MarkdownIt = createRequire(fileURLToPath(new URL('../../client/package.json', import.meta.url)))('markdown-it') as new () => {
  parse(text: string, env: object): BlockToken[]
}
const md = new MarkdownIt()

const { portraits } = JSON.parse(readFileSync(join(values.corpus, 'labels.json'), 'utf8')) as { portraits: Portrait[] }

function locate(text: string, label: Label, file: string): [number, number] {
  let at = -1
  for (let n = 0; n < (label.occurrence ?? 1); n++) {
    at = text.indexOf(label.quote, at + 1)
    if (at === -1) throw new Error(`${file}: quote not found: ${JSON.stringify(label.quote)}`)
  }
  if (!label.occurrence && text.indexOf(label.quote, at + 1) !== -1) throw new Error(`${file}: quote appears more than once, give its occurrence: ${JSON.stringify(label.quote)}`)
  return [at, at + label.quote.length]
}

/** markdown-it's top-level blocks as character ranges, from the line ranges it maps them to. */
function markdownItBlocks(text: string): [number, number][] {
  const lineStarts = [0]
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1)
  const at = (line: number) => (line < lineStarts.length ? lineStarts[line]! : text.length)
  return md
    .parse(text, {})
    .filter((token) => token.level === 0 && token.map)
    .map((token) => [at(token.map![0]), at(token.map![1])] as [number, number])
    .filter(([start, end], i, all) => i === 0 || start >= all[i - 1]![1] || end > all[i - 1]![1])
    .filter(([start, end], i, all) => !all.some(([s, e], j) => j !== i && s <= start && e >= end && (s < start || e > end)))
}

/** A generator of pseudo-random piece lengths, the same on every run. */
function pieces(seed: number) {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return 1 + (state % 40)
  }
}

const same = (a: FactCheck[], b: FactCheck[]) => JSON.stringify(a) === JSON.stringify(b)

let truePositives = 0
let falseAlarms = 0
let planted = 0
let caught = 0
let wrongConfirmed = 0
let correctLabels = 0
let correctConfirmed = 0
let correctContradicted = 0
let distractors = 0
let distractorsMarked = 0
let unlabelled = 0
let words = 0
let incrementalBlocks = 0
let incrementalStream = 0
const notes: string[] = []

for (const portrait of portraits) {
  const text = readFileSync(join(values.corpus, 'corpus', portrait.file), 'utf8')
  words += countWords(text)
  const checks = checkFacts(text, portrait.facts, portrait.language)
  const labels = portrait.labels.map((label) => ({ label, span: locate(text, label, portrait.file), hits: [] as FactCheck[] }))

  for (const check of checks) {
    const around = labels
      .filter(({ span: [start, end] }) => check.start >= start && check.end <= end)
      .sort((a, b) => a.span[1] - a.span[0] - (b.span[1] - b.span[0]))
    const claim = around.find(({ label }) => label.kind === check.kind && label.expect !== 'NONE')
    const owner = claim ?? around.find(({ label }) => label.expect === 'NONE')
    const shown = `${portrait.file}: ${check.status} ${check.kind} ${check.subject} "${check.stated}" (collection: ${check.expected}) at ${JSON.stringify(text.slice(Math.max(0, check.start - 40), check.end + 20))}`
    if (owner) owner.hits.push(check)
    else {
      unlabelled++
      if (values.verbose) notes.push(`outside any label  ${shown}`)
    }
    if (check.status === 'CONTRADICTED') {
      if (claim?.label.expect === 'CONTRADICTED') truePositives++
      else {
        falseAlarms++
        notes.push(`false alarm  ${shown}`)
      }
    } else if (claim?.label.expect === 'CONTRADICTED') {
      wrongConfirmed++
      notes.push(`wrong claim CONFIRMED  ${shown}`)
    }
  }
  for (const { label, hits } of labels) {
    if (label.expect === 'CONTRADICTED') {
      planted++
      if (hits.some((h) => h.status === 'CONTRADICTED')) caught++
      else notes.push(`missed  ${portrait.file}: ${label.kind} ${JSON.stringify(label.quote)}`)
    } else if (label.expect === 'CONFIRMED') {
      correctLabels++
      if (hits.some((h) => h.status === 'CONFIRMED')) correctConfirmed++
      if (hits.some((h) => h.status === 'CONTRADICTED')) correctContradicted++
      else if (values.verbose && hits.length === 0) notes.push(`not confirmed  ${portrait.file}: ${label.kind} ${JSON.stringify(label.quote)}`)
    } else {
      distractors++
      if (hits.length) {
        distractorsMarked++
        notes.push(`distractor marked  ${portrait.file}: ${label.distractor} ${JSON.stringify(label.quote)} → ${hits.map((h) => `${h.status} ${h.kind}`).join(', ')}`)
      }
    }
  }

  const byBlocks = markdownItBlocks(text).flatMap(([start, end]) => checkFacts(text.slice(start, end), portrait.facts, portrait.language, start))
  if (same(byBlocks, checks)) incrementalBlocks++
  else notes.push(`block by block differs  ${portrait.file}`)
  const stream = createFactStream(portrait.facts, portrait.language)
  const next = pieces(portrait.file.length)
  const streamed: FactCheck[] = []
  for (let at = 0; at < text.length; ) {
    const length = next()
    streamed.push(...stream.push(text.slice(at, at + length)))
    at += length
  }
  streamed.push(...stream.end())
  if (same(streamed, checks)) incrementalStream++
  else notes.push(`streamed differs  ${portrait.file}`)
}

/**
 * Milliseconds of CPU time per 1,000 words for `work` over the whole corpus, the median of
 * several rounds: CPU time rather than the clock, since other processes share the machine.
 */
function timePer1000Words(work: (text: string, portrait: Portrait) => unknown): number {
  const texts = portraits.map((p) => [readFileSync(join(values.corpus, 'corpus', p.file), 'utf8'), p] as const)
  for (let i = 0; i < 5; i++) for (const [text, p] of texts) work(text, p)
  const rounds: number[] = []
  for (let round = 0; round < 15; round++) {
    const started = process.cpuUsage()
    for (let i = 0; i < 10; i++) for (const [text, p] of texts) work(text, p)
    const { user, system } = process.cpuUsage(started)
    rounds.push((user + system) / 1000 / 10)
  }
  rounds.sort((a, b) => a - b)
  return (rounds[Math.floor(rounds.length / 2)]! / words) * 1000
}

const checker = timePer1000Words((text, p) => checkFacts(text, p.facts, p.language))
const baseline = timePer1000Words((text) => md.parse(text, {}))

const precision = truePositives + falseAlarms === 0 ? 1 : truePositives / (truePositives + falseAlarms)
const recall = planted === 0 ? 1 : caught / planted
const languages = [...new Set(portraits.map((p) => p.language))].map((l) => `${portraits.filter((p) => p.language === l).length} ${l}`).join(', ')
const met = precision >= 0.95 && recall >= 0.85 && wrongConfirmed === 0

if (notes.length) console.log(`${notes.join('\n')}\n`)
console.log(`Fact checks on ${portraits.length} portraits (${languages}), ${words.toLocaleString('en')} words, from ${values.corpus}`)
console.log(`  precision                      ${precision.toFixed(3)}  (${truePositives} of ${truePositives + falseAlarms} CONTRADICTED marks are planted wrong claims)`)
console.log(`  recall                         ${recall.toFixed(3)}  (${caught} of ${planted} planted wrong claims marked CONTRADICTED)`)
console.log(`  wrong claims marked CONFIRMED  ${wrongConfirmed}`)
console.log(`  correct claims CONFIRMED       ${correctConfirmed} of ${correctLabels} labelled (${correctContradicted} marked CONTRADICTED); ${unlabelled} checks outside any label`)
console.log(`  distractors marked             ${distractorsMarked} of ${distractors}`)
console.log(`  time per 1,000 words           ${checker.toFixed(3)} ms; markdown-it parse of the same text ${baseline.toFixed(3)} ms (${(checker / baseline).toFixed(2)}× the parse)`)
console.log(`  block by block = whole         ${incrementalBlocks} of ${portraits.length} (markdown-it blocks), ${incrementalStream} of ${portraits.length} (streamed in random pieces)`)
console.log(`Targets: precision ≥ 0.95, recall ≥ 0.85, no wrong claim CONFIRMED: ${met ? 'met' : 'NOT met'}`)
if (!met || incrementalBlocks < portraits.length || incrementalStream < portraits.length) process.exitCode = 1
