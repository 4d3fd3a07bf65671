import { describe, expect, it } from 'vitest'
import { portraitFileName } from './useDownload.ts'

describe('the downloaded portrait’s file name', () => {
  const day = new Date(2026, 11, 7, 23, 30).getTime()

  it('names the artist without accents, the language and the day it was begun, in the reader’s calendar', () => {
    expect(portraitFileName('Björk', 'fr', day)).toBe('bjork-fr-2026-12-07.md')
    expect(portraitFileName('Sigur Rós & Amiina', 'en', day)).toBe('sigur-ros--amiina-en-2026-12-07.md')
  })

  it('says "portrait" for a name with nothing to write, and today for a portrait not dated yet', () => {
    expect(portraitFileName('***', 'en', day)).toBe('portrait-en-2026-12-07.md')
    expect(portraitFileName('Nina Simone', 'en', null, new Date(2027, 0, 2).getTime())).toBe('nina-simone-en-2027-01-02.md')
  })
})
