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

/** A size as people read it: "950 KB", "20 MB" (powers of 1000, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`
  const units = ['KB', 'MB', 'GB']
  let value = bytes
  let unit = -1
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${value >= 10 ? Math.round(value) : Math.round(value * 10) / 10} ${units[unit]}`
}
