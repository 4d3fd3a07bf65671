import { describe, expect, it } from 'vitest'
import { cohen, daftPunk, portishead, verdicts } from './tfacts.ts'

const contradicted = (text: string, facts = portishead, language = 'en') =>
  verdicts(text, facts, language).filter((v) => v.endsWith('CONTRADICTED'))

describe('FORMED_YEAR and ENDED_YEAR in English', () => {
  it.each([
    ['Portishead formed in Bristol in 1990.', 'FORMED_YEAR Portishead 1990 CONTRADICTED'],
    ['Formed in Bristol, England, in 1991, Portishead defined trip-hop.', 'FORMED_YEAR Portishead 1991 CONFIRMED'],
    ['The band was formed in 1992 by Geoff Barrow and Beth Gibbons.', 'FORMED_YEAR Portishead 1992 CONTRADICTED'],
    ['Geoff Barrow and Beth Gibbons formed Portishead in 1991.', 'FORMED_YEAR Portishead 1991 CONFIRMED'],
    ['Portishead, the Bristol trio, was founded in 1990.', 'FORMED_YEAR Portishead 1990 CONTRADICTED'],
    ["Portishead's formation in 1991 surprised no one.", 'FORMED_YEAR Portishead 1991 CONFIRMED'],
    ['Formed in 1990 by Geoff Barrow and Beth Gibbons, Portishead took their name from a town.', 'FORMED_YEAR Portishead 1990 CONTRADICTED'],
  ])('%s', (text, expected) => {
    expect(verdicts(text, portishead, 'en').filter((v) => !v.startsWith('COUNTRY'))).toEqual([expected])
  })

  it.each([
    ['Cohen began releasing records in 1967.', 'FORMED_YEAR Leonard Cohen 1967 CONFIRMED'],
    ['Leonard Cohen died in Los Angeles on 7 November 2015.', 'ENDED_YEAR Leonard Cohen 2015 CONTRADICTED'],
    ["Cohen's death in 2016 came weeks after the release.", 'ENDED_YEAR Leonard Cohen 2016 CONFIRMED'],
  ])('a person: %s', (text, expected) => {
    expect(verdicts(text, cohen, 'en')).toEqual([expected])
  })

  it.each([
    ['another band formed', 'Geoff Barrow formed the band Beak> in 2009.'],
    ['another band formed, named before', 'Massive Attack, the Bristol band formed in 1988, were friends.'],
    ['another band, then "the band"', "Barrow first played in the band Mad Professor's crew. The band formed in 1989."],
    ['a member born', 'Beth Gibbons, born in 1965, sings.'],
    ['a reunion', 'The band reformed in 2005 after a long silence.'],
    ['a hiatus', 'Portishead went on hiatus in 1999.'],
    ['a decade', 'Portishead formed in the early 1990s.'],
    ['a range', 'Portishead (1991–present) are still active.'],
    ['a bound', 'By 1990 the band had formed.'],
    ['a label', 'The band founded their own label in 1992.'],
    ['a denial', 'The band did not split in 2011.'],
    ['another band in apposition', 'Formed in 1988, Massive Attack inspired Portishead.'],
  ])('never contradicted: %s', (_kind, text) => {
    expect(contradicted(text)).toEqual([])
  })

  it.each([
    ["a member's death", 'Ian Curtis died in 1980, and the band ended soon after.'],
    ['a career as something else', 'Leonard Cohen began his career as a poet in 1956.'],
    ['a birth', 'Cohen was born in 1934 in Westmount.'],
    ['a tour that ended', 'The world tour he began in 2008 ended in 2013.'],
  ])('a person, never contradicted: %s', (_kind, text) => {
    expect(contradicted(text, cohen)).toEqual([])
  })
})

describe('FORMED_YEAR and ENDED_YEAR in French', () => {
  it.each([
    ['Daft Punk est un duo français formé à Paris en 1992.', 'FORMED_YEAR Daft Punk 1992 CONTRADICTED'],
    ['Fondé en 1993, le groupe publie ses premiers maxis.', 'FORMED_YEAR Daft Punk 1993 CONFIRMED'],
    ['Le duo se forme en 1992.', 'FORMED_YEAR Daft Punk 1992 CONTRADICTED'],
    ['Les deux musiciens forment Daft Punk en 1993.', 'FORMED_YEAR Daft Punk 1993 CONFIRMED'],
    ['Le groupe voit le jour à Paris en 1993.', 'FORMED_YEAR Daft Punk 1993 CONFIRMED'],
    ['Le duo se sépare en février 2020.', 'ENDED_YEAR Daft Punk 2020 CONTRADICTED'],
    ['Le duo annonce sa séparation le 22 février 2021.', 'ENDED_YEAR Daft Punk 2021 CONFIRMED'],
    ['La dissolution du groupe, en 2021, surprend.', 'ENDED_YEAR Daft Punk 2021 CONFIRMED'],
    ['Daft Punk est dissous en 2020.', 'ENDED_YEAR Daft Punk 2020 CONTRADICTED'],
    ["Formé à Paris, près de Versailles, en 1992, Daft Punk devient célèbre.", 'FORMED_YEAR Daft Punk 1992 CONTRADICTED'],
  ])('%s', (text, expected) => {
    expect(verdicts(text, daftPunk, 'fr').filter((v) => !v.startsWith('COUNTRY'))).toEqual([expected])
  })

  it.each([
    ['Gainsbourg meurt à Paris le 2 mars 1990.', 'ENDED_YEAR Serge Gainsbourg 1990 CONTRADICTED'],
    ['Sa carrière commence en 1958.', 'FORMED_YEAR Serge Gainsbourg 1958 CONFIRMED'],
  ])('a person: %s', (text, expected) => {
    const gainsbourg = { name: 'Serge Gainsbourg', country: 'FR', formedYear: 1958, endedYear: 1991, albums: [] }
    expect(verdicts(text, gainsbourg, 'fr')).toEqual([expected])
  })

  it.each([
    ['another band formed', "Avec Laurent Brancowitz, ils fondent en 1992 le groupe de rock Darlin'."],
    ['another band, then "le groupe"', "Bangalter et Homem-Christo forment Darlin' en 1992 ; le groupe se sépare en 1993."],
    ['a birth', 'Thomas Bangalter, né en 1975, grandit à Paris.'],
    ['a name born', 'Daft Punk naît en 1992.'],
    ['a reunion', 'Le groupe se reforme en 2010.'],
    ['a range', 'Le groupe est actif de 1993 à 2021.'],
    ['a decade', 'Le duo se forme au début des années 1990.'],
    ['a bound', "Le duo existe jusqu'en 2020."],
  ])('never contradicted: %s', (_kind, text) => {
    expect(contradicted(text, daftPunk, 'fr')).toEqual([])
  })
})
