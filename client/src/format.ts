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

const unit = (value: number, name: 'second' | 'minute' | 'hour' | 'day', locale: string) =>
  new Intl.NumberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short', maximumFractionDigits: 0 }).format(value)

/**
 * A time left as people say it, in their language, as precise as it is worth: "45 sec" under a
 * minute, "12 min" under an hour (rounded up: "about 12 minutes" is never less), "2 hr 5 min",
 * "3 days 4 hr". Nothing for a time unknown or not a number.
 */
export function formatDuration(ms: number | null | undefined, locale = 'en'): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return ''
  const seconds = Math.max(0, Math.ceil(ms / 1000))
  if (seconds < 60) return unit(seconds, 'second', locale)
  const minutes = Math.ceil(seconds / 60)
  if (minutes < 60) return unit(minutes, 'minute', locale)
  const parts: string[] = []
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const rest = minutes % 60
  if (days) parts.push(unit(days, 'day', locale))
  if (hours) parts.push(unit(hours, 'hour', locale))
  // Past a day, minutes are noise.
  if (rest && !days) parts.push(unit(rest, 'minute', locale))
  return new Intl.ListFormat(locale, { style: 'narrow', type: 'unit' }).format(parts)
}

/**
 * An amount of money in its currency, in the reader's language: cents for most amounts, and two
 * significant digits for the fractions of a cent one portrait costs ("$0.0042"). A code Intl does
 * not know is written after the number.
 */
export function formatMoney(amount: number, currency: string, locale = 'en'): string {
  const small = amount !== 0 && Math.abs(amount) < 0.01
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency, ...(small ? { maximumSignificantDigits: 2 } : {}) }).format(amount)
  } catch {
    return `${new Intl.NumberFormat(locale, small ? { maximumSignificantDigits: 2 } : { maximumFractionDigits: 2 }).format(amount)} ${currency}`
  }
}
