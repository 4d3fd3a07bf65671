import { describe, expect, it } from 'vitest'
import { artistFacts, countryName, formatBytes } from './format.ts'

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
