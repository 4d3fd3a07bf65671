/**
 * Folds text for accent- and case-insensitive search: "Björk" and "bjork" fold alike.
 * Stored in `artists.search_text` at write time and applied to the query at read time.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}
