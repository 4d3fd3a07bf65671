const displayNames = new Map<string, Intl.DisplayNames>()

/** A code's name in the reader's language through Intl ("IS" → "Islande", "fr" → "French"); a code it cannot name stays as it is. */
export function displayName(type: 'region' | 'language', code: string | null | undefined, locale = 'en'): string {
  if (!code) return ''
  const key = `${type}:${locale}`
  let names = displayNames.get(key)
  if (!names) displayNames.set(key, (names = new Intl.DisplayNames([locale], { type })))
  try {
    return names.of(code) ?? code
  } catch {
    return code
  }
}

/** The name of a country from its ISO code, in the reader's language ("IS" → "Iceland", "Islande"). */
export const countryName = (code: string | null | undefined, locale = 'en') => displayName('region', code, locale)

/** "1965–1983", "1991–" while active, "–1983" when only the end is known, or nothing. */
export function activeYears({ formedYear, endedYear }: { formedYear?: number | null; endedYear?: number | null }): string {
  if (formedYear) return `${formedYear}–${endedYear ?? ''}`
  return endedYear ? `–${endedYear}` : ''
}

/** The line of facts under an artist's name: country, genres, years, whichever are known. */
export const artistFacts = (
  artist: { country?: string | null; genres: readonly string[]; formedYear?: number | null; endedYear?: number | null },
  locale = 'en',
) => [countryName(artist.country, locale), artist.genres.join(', '), activeYears(artist)].filter(Boolean).join(' · ')

/** A size as people read it, in their language: "950 KB", "20 MB" (powers of 1000, as file managers show them). */
export function formatBytes(bytes: number, locale = 'en'): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1
  return new Intl.NumberFormat(locale, { style: 'unit', unit: units[unit], unitDisplay: unit === 0 ? 'long' : 'short', maximumFractionDigits: digits }).format(value)
}
