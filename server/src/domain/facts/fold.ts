/** Letters Unicode does not decompose into a base letter and a mark, as the collection's search folds them. */
const LETTERS: Record<string, string> = { æ: 'ae', œ: 'oe', ø: 'o', ß: 'ss', ð: 'd', þ: 'th', ł: 'l', đ: 'd', ı: 'i' }

/** Lower case without accents: "Ágætis" → "agaetis". */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[æœøßðþłđı]/g, (letter) => LETTERS[letter]!)
}

/**
 * The words of a text folded, joined by single spaces, punctuation dropped: how a title or a name
 * is recognised whatever its case, accents and punctuation ("OK Computer", "ok, computer").
 */
export function key(text: string): string {
  const known = keys.get(text)
  if (known !== undefined) return known
  const folded = fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(' ')
  // Words repeat from text to text; the cache is bounded, cleared when full.
  if (keys.size >= 20_000) keys.clear()
  keys.set(text, folded)
  return folded
}

const keys = new Map<string, string>()
