/** Letters Unicode does not decompose into a base letter and a mark, spelled as readers type them. */
const LETTERS: Record<string, string> = { æ: 'ae', œ: 'oe', ø: 'o', ß: 'ss', ð: 'd', þ: 'th', ł: 'l', đ: 'd', ı: 'i' }

/**
 * Folds text for accent- and case-insensitive search and ordering: "Björk" and "bjork" fold
 * alike. Stored in `artists.search_text` and `artists.sort_key` at write time and applied to the
 * query at read time.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[æœøßðþłđı]/g, (letter) => LETTERS[letter]!)
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * How imports recognise the same artist or album under another spelling: "The Beatles",
 * "Beatles, The" and "beatles" share one key, as do "AC/DC" and "AC-DC".
 */
export function matchKey(text: string): string {
  return foldForSearch(text)
    .replace(/^the\s+/, '')
    .replace(/,\s*the$/, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

/**
 * What listings order by: the sort name folded and without punctuation, so "Évora" files with
 * the E's (not after "Yellow", as raw code points would have it) and "R.E.M." as "REM".
 */
export function sortKey(sortName: string): string {
  return foldForSearch(sortName).replace(/[^\p{L}\p{N}\s]/gu, '').replace(/\s+/g, ' ').trim()
}

/** The name as filed when no sort name is known: "The Cure" files as "Cure, The". */
export function deriveSortName(name: string): string {
  const match = /^the\s+(.+)$/i.exec(name.trim())
  return match ? `${match[1]}, ${name.trim().slice(0, 3)}` : name.trim()
}

/** The columns derived from an artist's names and album titles, recomputed on every write. */
export function artistKeys(name: string, sortName: string, albumTitles: readonly string[]) {
  return { sortKey: sortKey(sortName), nameKey: matchKey(name), searchText: artistSearchText(name, sortName, albumTitles) }
}

/** The URL-safe base of an artist's slug: "Sigur Rós" → "sigur-ros". */
export function slugBase(name: string): string {
  return foldForSearch(name).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'artist'
}

/** The folded text an artist is found by: its names and its albums' titles. */
export function artistSearchText(name: string, sortName: string, albumTitles: readonly string[]): string {
  return foldForSearch([name, sortName, ...[...albumTitles].sort()].join(' '))
}
