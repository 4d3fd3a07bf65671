/**
 * The collection's facts about one artist in the form the checker compares against: album titles
 * and the artist's name as folded word sequences.
 */
import { key } from './fold.ts'
import type { CollectionFacts } from './types.ts'

export interface KnownAlbum {
  title: string
  year: number | null
  /** The title's words folded: "OK Computer" → "ok computer". */
  key: string
  /** The title is a number ("1989"), or the artist's own name: a plain mention names something else. */
  formattedOnly: boolean
}

export interface Subject {
  facts: CollectionFacts
  /** Albums by key; a key two albums share names neither for sure, so it is left out. */
  albums: Map<string, KnownAlbum>
  /** The longest album key, in words: how far a title match looks ahead. */
  longestTitle: number
  /** The first words of album keys: where a title match can start. */
  titleStarts: Set<string>
  /** Titles with no letters or digits ("( )", "÷"), by their characters without spaces: matched only in italics or quotes. */
  symbolTitles: Map<string, KnownAlbum>
  /** Ways the text names the artist: "the cure", "cure"; a person's surname. */
  names: string[]
  /** The name starts with a capital, so a mention of it does too ("k.d. lang" does not). */
  capitalised: boolean
  /** The album named after the artist, which "the self-titled album" means. */
  selfTitled: KnownAlbum | null
}

/** The facts prepared for comparison. */
export function subjectOf(facts: CollectionFacts): Subject {
  const nameKey = key(facts.name)
  const bare = nameKey.replace(/^(the|les|le|la|l) /, '')
  const names = [...new Set([nameKey, bare])].filter(Boolean)
  const words = bare.split(' ')
  // "Cohen died in 2016": a two- or three-word name is read as a person's, whose surname stands for it.
  if (words.length >= 2 && words.length <= 3 && bare === nameKey && words.at(-1)!.length >= 3) names.push(words.at(-1)!)

  const albums = new Map<string, KnownAlbum>()
  const shared = new Set<string>()
  let longestTitle = 0
  const symbolTitles = new Map<string, KnownAlbum>()
  for (const { title, year } of facts.albums) {
    const albumKey = key(title)
    if (!albumKey) {
      const compact = title.replace(/\s+/g, '')
      if (compact) symbolTitles.set(compact, { title, year, key: '', formattedOnly: true })
      continue
    }
    if (albums.has(albumKey)) shared.add(albumKey)
    const formattedOnly = /^\d+$/.test(albumKey.replace(/ /g, '')) || names.includes(albumKey) || albumKey === bare
    albums.set(albumKey, { title, year, key: albumKey, formattedOnly })
    longestTitle = Math.max(longestTitle, albumKey.split(' ').length)
  }
  for (const albumKey of shared) albums.delete(albumKey)
  const titleStarts = new Set([...albums.keys()].map((k) => k.split(' ')[0]!))
  const selfTitled = albums.get(nameKey) ?? albums.get(bare) ?? null
  return { facts, albums, longestTitle, titleStarts, symbolTitles, names, capitalised: /^\P{Ll}/u.test(facts.name.replace(/^the\s+/i, '')), selfTitled }
}
