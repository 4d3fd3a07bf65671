/**
 * Claims stated as labelled facts, the way portraits open with an "At a glance" list or a facts
 * table: "**Formed:** 1991", "- **Origine :** Bristol, Angleterre", "| Country | UK |".
 */
import { countryWords } from './countries.ts'
import { key } from './fold.ts'
import type { Reading } from './reading.ts'
import { rowsOf } from './tables.ts'
import type { Token } from './tokens.ts'

export type KeyedClaim =
  | { kind: 'FORMED_YEAR' | 'ENDED_YEAR'; year: Token }
  | { kind: 'COUNTRY'; code: string; first: Token; last: Token }

const labels: { kind: 'FORMED_YEAR' | 'ENDED_YEAR' | 'COUNTRY'; pattern: RegExp }[] = [
  { kind: 'FORMED_YEAR', pattern: /^(formed|founded|formation|year formed|formed in|founded in|forme|forme en|fonde|fonde en|fondation|creation|annee de formation|annee de creation|date de formation)$/ },
  { kind: 'ENDED_YEAR', pattern: /^(disbanded|split|split up|ended|dissolved|separation|dissolution|died|death|deces|mort|separe|separe en|dissous|dissous en)$/ },
  { kind: 'COUNTRY', pattern: /^(origin|origins|from|country|nationality|hometown|home town|origine|origines|pays|nationalite|provenance|pays d origine)$/ },
]

interface Pair {
  label: string
  value: Token[]
}

/** Lines of the block that read "label: value", the label at the start of the line. */
function linePairs(reading: Reading): Pair[] {
  const pairs: Pair[] = []
  const { tokens, work } = reading
  let i = 0
  while (i < tokens.length) {
    const lineEnd = work.indexOf('\n', tokens[i]!.start)
    const end = lineEnd === -1 ? work.length : lineEnd
    const line: Token[] = []
    while (i < tokens.length && tokens[i]!.start < end) line.push(tokens[i++]!)
    const colon = line.findIndex((t) => t.raw === ':')
    if (colon > 0 && colon <= 4 && line.slice(0, colon).every((t) => t.word)) {
      pairs.push({ label: line.slice(0, colon).map((t) => t.key).join(' '), value: line.slice(colon + 1) })
    }
  }
  return pairs
}

/** Rows of a two-column table read as "label | value". */
function tablePairs(reading: Reading, text: string): Pair[] {
  const rows = rowsOf(text)
  if (!rows) return []
  const pairs: Pair[] = []
  for (const row of [rows.header, ...rows.body]) {
    if (row.length !== 2) continue
    const [label, value] = row as [{ start: number; end: number }, { start: number; end: number }]
    pairs.push({
      label: key(text.slice(label.start, label.end)),
      value: reading.tokens.filter((t) => t.start >= value.start && t.end <= value.end),
    })
  }
  return pairs
}

export function keyedClaims(reading: Reading, text: string): KeyedClaim[] {
  const pairs = reading.kind === 'table' ? tablePairs(reading, text) : linePairs(reading)
  const words = countryWords(reading.lexicon.language)
  const claims: KeyedClaim[] = []
  for (const { label, value } of pairs) {
    const kind = labels.find(({ pattern }) => pattern.test(label))?.kind
    if (!kind) continue
    if (kind !== 'COUNTRY') {
      // One year and nothing that makes it a span: "1991", "1991, Bristol"; not "1991–2001" or "1991 (as On a Friday)".
      const years = value.filter((t) => t.year)
      const numbers = value.filter((t) => t.word && /\d/.test(t.raw))
      if (years.length === 1 && numbers.length === 1 && !years[0]!.possessive) claims.push({ kind, year: years[0]! })
      continue
    }
    // The country is the last place named: "Salford, England", "Bristol (Angleterre)".
    const found: { code: string; first: Token; last: Token }[] = []
    for (let i = 0; i < value.length; i++) {
      let joined = ''
      let longest: { code: string; first: Token; last: Token; end: number } | null = null
      for (let j = i; j < value.length && j < i + 4 && value[j]!.word; j++) {
        joined = joined ? `${joined} ${value[j]!.key}` : value[j]!.key
        const code = words.names.get(joined) ?? words.demonyms.get(joined)
        if (code && value[i]!.cap) longest = { code, first: value[i]!, last: value[j]!, end: j }
      }
      if (longest) {
        found.push(longest)
        i = longest.end
      }
    }
    const codes = new Set(found.map((f) => f.code))
    if (codes.size === 1) {
      const last = found.at(-1)!
      claims.push({ kind, code: last.code, first: last.first, last: last.last })
    }
  }
  return claims
}
