import { describe, expect, it } from 'vitest'
import { bjork, cohen, daftPunk, portishead, verdicts } from './tfacts.ts'

const countries = (text: string, facts = bjork, language = 'en') => verdicts(text, facts, language).filter((v) => v.startsWith('COUNTRY'))

describe('COUNTRY in English', () => {
  it.each([
    ['The Icelandic singer moved to London.', bjork, 'COUNTRY Björk Icelandic CONFIRMED'],
    ['Björk is a Norwegian singer and composer.', bjork, 'COUNTRY Björk Norwegian CONTRADICTED'],
    ['Björk is Icelandic.', bjork, 'COUNTRY Björk Icelandic CONFIRMED'],
    ['Leonard Cohen, the American singer-songwriter and poet, came to music late.', cohen, 'COUNTRY Leonard Cohen American CONTRADICTED'],
    ['Canadian singer-songwriter Leonard Cohen released his first album in 1967.', cohen, 'COUNTRY Leonard Cohen Canadian CONFIRMED'],
    ['Portishead are a band from Bristol, England.', portishead, 'COUNTRY Portishead England CONFIRMED'],
    ['Formed in Bristol, Ireland, Portishead made trip-hop.', portishead, 'COUNTRY Portishead Ireland CONTRADICTED'],
    ['Hailing from Bristol, the UK, Portishead made trip-hop.', portishead, 'COUNTRY Portishead UK CONFIRMED'],
    ["The British group's influence is everywhere.", portishead, 'COUNTRY Portishead British CONFIRMED'],
    ['- **Origin:** Salford, England', portishead, 'COUNTRY Portishead England CONFIRMED'],
    ['| Country | Ireland |\n| --- | --- |', portishead, 'COUNTRY Portishead Ireland CONTRADICTED'],
  ])('%s', (text, facts, expected) => {
    expect(countries(text, facts)).toEqual([expected])
  })

  it.each([
    ['another person', 'She worked with the English producer Nellee Hooper.'],
    ['another person, named after', 'She admired the American artist Matthew Barney.'],
    ['another band', 'Like the English band the Smiths, she wrote about love.'],
    ['another band', 'The Sugarcubes were an Icelandic band from Reykjavík.'],
    ['a language', 'Björk, who sang in English on *Debut*, moved to London.'],
    ['an audience', 'British audiences embraced her in 1993.'],
    ['a birthplace', 'She was born in Reykjavík, Iceland.'],
    ['a move', 'She moved from Norway to England in 1993.'],
    ['a compound', 'The Icelandic-born, London-based singer released *Debut*.'],
    ['a place, not a person', 'The Norwegian capital hosted her first concert.'],
  ])('never contradicted: %s', (_kind, text) => {
    expect(countries(text).filter((v) => v.endsWith('CONTRADICTED'))).toEqual([])
  })
})

describe('COUNTRY in French', () => {
  it.each([
    ['Le groupe britannique publie *Dummy*.', portishead, 'COUNTRY Portishead britannique CONFIRMED'],
    ['Daft Punk est un duo de musique électronique belge.', daftPunk, 'COUNTRY Daft Punk belge CONTRADICTED'],
    ['Le duo français publie *Discovery*.', daftPunk, 'COUNTRY Daft Punk français CONFIRMED'],
    ['Originaire de Reykjavik, en Islande, Björk chante.', bjork, 'COUNTRY Björk Islande CONFIRMED'],
    ['Björk, artiste norvégienne, chante.', bjork, 'COUNTRY Björk norvégienne CONTRADICTED'],
    ['Collectif britannique né à Bristol, Portishead naît en 1991.', portishead, 'COUNTRY Portishead britannique CONFIRMED'],
    ['- **Origine :** Bristol, Angleterre', portishead, 'COUNTRY Portishead Angleterre CONFIRMED'],
  ])('%s', (text, facts, expected) => {
    expect(countries(text, facts, 'fr')).toEqual([expected])
  })

  it.each([
    ['another person', 'Elle travaille avec le producteur britannique Nellee Hooper.'],
    ['another person', 'La guitariste brésilienne Tuca joue sur le disque.'],
    ['an audience', 'Le public britannique l’adopte en 1993.'],
    ['a language', 'Elle chante en anglais sur *Debut*.'],
    ['parents', "Elle naît d'une mère belge et d'un père rwandais."],
    ['another band', 'Les Sugarcubes, groupe norvégien formé en 1986, ...'],
    ['a contest', 'En 1963, elle représente Monaco au concours Eurovision.'],
  ])('never contradicted: %s', (_kind, text) => {
    expect(countries(text, bjork, 'fr').filter((v) => v.endsWith('CONTRADICTED'))).toEqual([])
  })
})
