import { describe, expect, it } from 'vitest'
import { artistFacts, countryName, formatBytes, formatDuration, formatMoney } from './format.ts'

describe('artist facts', () => {
  it('names countries in the reader’s language and keeps what it cannot name', () => {
    expect(countryName('IS')).toBe('Iceland')
    expect(countryName('IS', 'fr')).toBe('Islande')
    expect(countryName('GB')).toBe('United Kingdom')
    expect(countryName('not a code')).toBe('not a code')
    expect(countryName(null)).toBe('')
  })

  it('shows only the facts the collection holds', () => {
    expect(artistFacts({ country: 'SE', genres: ['pop'], formedYear: 1972, endedYear: 1982 })).toBe('Sweden · pop · 1972–1982')
    expect(artistFacts({ country: 'SE', genres: ['pop'], formedYear: 1972, endedYear: 1982 }, 'fr')).toBe('Suède · pop · 1972–1982')
    expect(artistFacts({ country: 'IS', genres: ['electronic', 'art pop'], formedYear: null, endedYear: null })).toBe('Iceland · electronic, art pop')
    expect(artistFacts({ country: null, genres: [], formedYear: 1991 })).toBe('1991–')
  })

  it('writes sizes as file managers do, in the reader’s language', () => {
    expect(formatBytes(950)).toBe('950 bytes')
    expect(formatBytes(20_000_000)).toBe('20 MB')
    expect(formatBytes(1_500_000, 'fr').replace(/\s/g, ' ')).toBe('1,5 Mo')
  })
})

describe('time left', () => {
  const plain = (text: string) => text.replace(/\s/g, ' ')

  it('says seconds under a minute, whole minutes (rounded up) under an hour, then hours and minutes', () => {
    expect(formatDuration(45_000)).toBe('45 sec')
    expect(formatDuration(400)).toBe('1 sec')
    expect(formatDuration(59_500)).toBe('1 min')
    expect(formatDuration(61_000)).toBe('2 min')
    expect(formatDuration(12 * 60_000 - 1)).toBe('12 min')
    expect(formatDuration(3_600_000)).toBe('1 hr')
    expect(formatDuration(3_600_000 + 5 * 60_000)).toBe('1 hr 5 min')
  })

  it('leaves the minutes out past a day', () => {
    expect(formatDuration(26 * 3_600_000 + 5 * 60_000)).toBe('1 day 2 hr')
    expect(formatDuration(3 * 86_400_000)).toBe('3 days')
  })

  it('speaks the reader’s language', () => {
    expect(plain(formatDuration(45_000, 'fr'))).toBe('45 s')
    expect(plain(formatDuration(3_600_000 + 5 * 60_000, 'fr'))).toBe('1 h 5 min')
  })

  it('says nothing of a time unknown, and nothing below zero', () => {
    expect(formatDuration(null)).toBe('')
    expect(formatDuration(undefined)).toBe('')
    expect(formatDuration(Number.NaN)).toBe('')
    expect(formatDuration(-5_000)).toBe('0 sec')
  })
})

describe('money', () => {
  it('writes cents, and the fractions of a cent a portrait costs', () => {
    expect(formatMoney(1.234, 'USD')).toBe('$1.23')
    expect(formatMoney(0, 'USD')).toBe('$0.00')
    expect(formatMoney(0.0042, 'USD')).toBe('$0.0042')
    expect(formatMoney(0.004236, 'EUR')).toBe('€0.0042')
  })

  it('follows the reader’s language, and keeps a code Intl does not know', () => {
    expect(formatMoney(1234.5, 'EUR', 'fr').replace(/\s/g, ' ')).toBe('1 234,50 €')
    expect(formatMoney(0.5, 'credits')).toBe('0.5 credits')
  })
})
