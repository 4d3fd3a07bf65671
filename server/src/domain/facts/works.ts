/**
 * The works a block names: the collection's albums, wherever they appear, and any other title set
 * in italics or quotes (a single, an album the collection lacks), which can own a year too.
 */
import type { Span } from './inline.ts'
import type { Lexicon } from './lexicon.ts'
import { anyAt, anyBefore } from './match.ts'
import type { KnownAlbum, Subject } from './subject.ts'
import type { Token } from './tokens.ts'

export interface Work {
  /** First token of the mention. */
  first: number
  /** Token after the mention. */
  end: number
  /** The collection's album it names; null for another work. */
  album: KnownAlbum | null
}

interface Context {
  tokens: Token[]
  spans: Span[]
  subject: Subject
  lexicon: Lexicon
}

function tokenRange(tokens: Token[], start: number, end: number): [number, number] {
  let first = 0
  while (first < tokens.length && tokens[first]!.start < start) first++
  let last = first
  while (last < tokens.length && tokens[last]!.end <= end) last++
  return [first, last]
}

const joinKeys = (tokens: Token[], first: number, end: number) =>
  tokens
    .slice(first, end)
    .filter((t) => t.word)
    .map((t) => t.key)
    .join(' ')

/** The longest album title whose words start at `first`, punctuation between words allowed. */
function titleAt({ tokens, subject }: Context, first: number, stop: number): { album: KnownAlbum; end: number } | null {
  const head = tokens[first]
  if (!head?.word || !subject.titleStarts.has(head.key.split(' ')[0]!)) return null
  let words = ''
  let count = 0
  let best: { album: KnownAlbum; end: number } | null = null
  for (let j = first; j < stop; j++) {
    const t = tokens[j]!
    if (!t.word) continue
    words = words ? `${words} ${t.key}` : t.key
    count += t.key.split(' ').length
    if (count > subject.longestTitle) break
    const album = subject.albums.get(words)
    if (album) best = { album, end: j + 1 }
  }
  return best
}

const isName = (subject: Subject, text: string) => subject.names.includes(text.replace(/ s$/, ''))

/** "Soft Machine's *Third*", "*Third* by Soft Machine": another artist's record of the same name. */
function ownedByAnother({ tokens, subject }: Context, first: number, end: number): boolean {
  const before = tokens[first - 1]
  if (before?.word && before.cap && /['’]s$/.test(before.raw) && !isName(subject, before.key)) return true
  const by = tokens[end]?.low
  const owner = tokens[end + 1]
  if ((by === 'by' || by === 'de' || by === 'par') && owner?.word && owner.cap && !owner.year) {
    let name = owner.key
    for (let j = end + 2; j < tokens.length && tokens[j]!.word && tokens[j]!.cap; j++) name += ` ${tokens[j]!.key}`
    return !subject.names.some((n) => name === n || name.startsWith(`${n} `))
  }
  return false
}

/** "the single "Jolene"", "la chanson « Homogenic »": a title track, not the album. */
function namedAsSong({ tokens, lexicon }: Context, first: number): boolean {
  let j = first
  if (/^["“«‘]$/.test(tokens[j - 1]?.raw ?? '')) j--
  for (let back = 1; back <= 3 && j - back >= 0; back++) {
    if (anyAt(tokens, j - back, lexicon.songNouns)) return true
    if (!tokens[j - back]!.word) break
  }
  return false
}

/** A plain (unformatted) title is taken for the album only when it reads as a title. */
function plainReadsAsTitle(context: Context, first: number, end: number, album: KnownAlbum): boolean {
  const { tokens, lexicon } = context
  const head = tokens[first]!
  if (album.formattedOnly) return anyBefore(tokens, first, lexicon.albumNouns) > 0
  if (/^\p{Lu}/u.test(album.title) && !head.cap) return false
  const next = tokens[end]
  // "Homogenic Live", "The Post Office": a capitalised word against it makes a longer name.
  if (next?.word && next.cap && next.gap && !next.year) return false
  const previous = tokens[first - 1]
  const beforePrevious = tokens[first - 2]
  if (previous?.word && previous.cap && !previous.year && beforePrevious?.word && !isName(context.subject, previous.key)) return false
  return true
}

/** The works named in a block, in order, none overlapping. */
export function findWorks(tokens: Token[], spans: Span[], subject: Subject, lexicon: Lexicon): Work[] {
  const context: Context = { tokens, spans, subject, lexicon }
  const works: Work[] = []
  const taken = new Array<boolean>(tokens.length).fill(false)
  const free = (first: number, end: number) => first < end && !taken.slice(first, end).some(Boolean)
  const add = (work: Work) => {
    works.push(work)
    for (let i = work.first; i < work.end; i++) taken[i] = true
  }
  const titled = new Array<boolean>(tokens.length).fill(false)

  // Titles in italics or quotes first: the span is the title, whole, with its quotation marks.
  for (const span of spans.filter((s) => s.kind !== 'strong')) {
    const [inner, innerEnd] = tokenRange(tokens, span.start, span.end)
    let [first, end] = [inner, innerEnd]
    if (span.kind === 'quote' && /^["“«‘]$/.test(tokens[first - 1]?.raw ?? '') && /^["”»’]$/.test(tokens[end]?.raw ?? '')) {
      first--
      end++
    }
    for (let i = first; i < end; i++) titled[i] = true
    if (!free(first, end)) continue
    const words = joinKeys(tokens, first, end)
    if (!words) {
      const symbols = subject.symbolTitles.get(tokens.slice(inner, innerEnd).map((t) => t.raw).join(''))
      if (symbols) add({ first, end, album: symbols })
      continue
    }
    const album = subject.albums.get(words)
    if (album) add({ first, end, album })
    else if (isName(subject, words)) continue
    else {
      // "*Debut (1993)*": the title, then its year inside the same emphasis.
      const head = titleAt(context, inner, innerEnd)
      if (head && /^[(–—,-]$/.test(tokens[head.end]?.raw ?? '')) add({ first: inner, end: head.end, album: head.album })
      else add({ first, end, album: null })
    }
  }
  // Bold marks names, labels and list headings more than titles: look for titles inside it.
  for (const span of spans.filter((s) => s.kind === 'strong')) {
    const [first, end] = tokenRange(tokens, span.start, span.end)
    if (!free(first, end)) continue
    const label = tokens[end - 1]?.raw === ':' || tokens[end]?.raw === ':'
    const words = joinKeys(tokens, first, end)
    if (!words || isName(subject, words) || label) continue
    let found = false
    for (let i = first; i < end; i++) {
      const match = titleAt(context, i, end)
      if (match && free(i, match.end)) {
        add({ first: i, end: match.end, album: match.album })
        found = true
        i = match.end - 1
      }
    }
    const onlyYears = tokens.slice(first, end).every((t) => !t.word || t.year || /^\d+$/.test(t.raw))
    if (!found && !onlyYears && words.split(' ').length <= 8) add({ first, end, album: null })
  }
  // Plain titles, where they read as titles.
  for (let i = 0; i < tokens.length; i++) {
    if (taken[i] || titled[i]) continue
    const match = titleAt(context, i, tokens.length)
    if (!match || !free(i, match.end) || titled.slice(i, match.end).some(Boolean)) continue
    if (plainReadsAsTitle(context, i, match.end, match.album)) {
      add({ first: i, end: match.end, album: match.album })
      i = match.end - 1
    }
  }
  // "their self-titled second album": the record named after the artist.
  if (subject.selfTitled) {
    for (let i = 0; i < tokens.length; i++) {
      const length = anyAt(tokens, i, lexicon.selfTitled)
      if (!length || !free(i, i + length)) continue
      let end = i + length
      while (end < tokens.length && (anyAt(tokens, end, lexicon.albumAdjectives) || anyAt(tokens, end, lexicon.albumNouns)) && !taken[end]) end++
      add({ first: i, end, album: subject.selfTitled })
    }
  }
  // A block that sets titles in italics and also quotes some keeps quotes for songs: "« Tous les garçons
  // et les filles »" next to *Tous les garçons et les filles* is the single.
  const italics = spans.some((s) => s.kind !== 'quote' && works.some((w) => w.album && tokens[w.first]!.start >= s.start && tokens[w.end - 1]!.end <= s.end))
  const quoted = (w: Work) => spans.some((s) => s.kind === 'quote' && tokens[w.first]!.start <= s.start && tokens[w.end - 1]!.end >= s.end)
  for (const work of works) {
    if (!work.album) continue
    if (ownedByAnother(context, work.first, work.end) || namedAsSong(context, work.first) || (italics && quoted(work))) work.album = null
  }
  return works.sort((a, b) => a.first - b.first)
}
