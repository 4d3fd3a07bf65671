const regions = new Intl.DisplayNames(['en'], { type: 'region' })

/** The name of a country from its ISO code ("IS" → "Iceland"); a code it cannot name stays as it is. */
export function countryName(code: string | null | undefined): string {
  if (!code) return ''
  try {
    return regions.of(code) ?? code
  } catch {
    return code
  }
}

/** "1965–1983", "1991–" while active, or nothing when the collection does not know. */
export function activeYears({ formedYear, endedYear }: { formedYear?: number | null; endedYear?: number | null }): string {
  if (formedYear) return `${formedYear}–${endedYear ?? ''}`
  return endedYear ? `until ${endedYear}` : ''
}

/** The line of facts under an artist's name: country, genres, years, whichever are known. */
export const artistFacts = (artist: { country?: string | null; genres: readonly string[]; formedYear?: number | null; endedYear?: number | null }) =>
  [countryName(artist.country), artist.genres.join(', '), activeYears(artist)].filter(Boolean).join(' · ')
