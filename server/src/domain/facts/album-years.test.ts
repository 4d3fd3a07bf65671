import { describe, expect, it } from 'vitest'
import { bjork, daftPunk, portishead, verdicts } from './tfacts.ts'

describe('ALBUM_YEAR in English', () => {
  it.each([
    ['*Post* (1995) widened the palette.', 'ALBUM_YEAR Post 1995 CONFIRMED'],
    ['*Post* (One Little Indian, 1994) widened the palette.', 'ALBUM_YEAR Post 1994 CONTRADICTED'],
    ['Post, which followed in 1994, was darker.', 'ALBUM_YEAR Post 1994 CONTRADICTED'],
    ['**Homogenic**, released in September 1996, was colder.', 'ALBUM_YEAR Homogenic 1996 CONTRADICTED'],
    ['"Homogenic" (1997) is her coldest record.', 'ALBUM_YEAR Homogenic 1997 CONFIRMED'],
    ['In 1997, she released *Homogenic*.', 'ALBUM_YEAR Homogenic 1997 CONFIRMED'],
    ["1995's *Post* was a hit.", 'ALBUM_YEAR Post 1995 CONFIRMED'],
    ['Her 1996 album *Post* was restless.', 'ALBUM_YEAR Post 1996 CONTRADICTED'],
    ['*Volta*, her 2008 album, featured Timbaland.', 'ALBUM_YEAR Volta 2008 CONTRADICTED'],
    ['*Debut* was recorded in London and released in 1993.', 'ALBUM_YEAR Debut 1993 CONFIRMED'],
    ['Her second album, *Post*, appeared two years later, in 1995.', 'ALBUM_YEAR Post 1995 CONFIRMED'],
    ['MEDULLA came out in 2005.', 'ALBUM_YEAR Medúlla 2005 CONTRADICTED'],
    ['1994 saw the release of *Post*.', 'ALBUM_YEAR Post 1994 CONTRADICTED'],
    ['Their self-titled second album (1998) was darker.', 'ALBUM_YEAR Portishead 1998 CONTRADICTED'],
    ['*Vespertine* was written in 2000 and released in 2002.', 'ALBUM_YEAR Vespertine 2002 CONTRADICTED'],
    ['It was in 1995 that *Post* appeared.', 'ALBUM_YEAR Post 1995 CONFIRMED'],
    ['*Medúlla*, an a cappella album from 2005, was daring.', 'ALBUM_YEAR Medúlla 2005 CONTRADICTED'],
    ['*Post*—released in 1994—was darker.', 'ALBUM_YEAR Post 1994 CONTRADICTED'],
    ['- *Debut (1992)*: her first.', 'ALBUM_YEAR Debut 1992 CONTRADICTED'],
  ])('%s', (text, expected) => {
    expect(verdicts(text, text.includes('self-titled') ? portishead : bjork, 'en')).toEqual([expected])
  })

  it('gives each album its own year when two share a sentence', () => {
    expect(verdicts('After *Post* (1995) came *Homogenic* in 1997.', bjork, 'en')).toEqual(['ALBUM_YEAR Post 1995 CONFIRMED', 'ALBUM_YEAR Homogenic 1997 CONFIRMED'])
    expect(verdicts('*Homogenic* followed *Post* in 1997.', bjork, 'en')).toEqual(['ALBUM_YEAR Homogenic 1997 CONFIRMED'])
    expect(verdicts('*Post*, which followed *Debut* in 1995, was restless.', bjork, 'en')).toEqual(['ALBUM_YEAR Post 1995 CONFIRMED'])
    expect(verdicts('*Vespertine* arrived in 2001, *Medúlla* in 2003.', bjork, 'en')).toEqual(['ALBUM_YEAR Vespertine 2001 CONFIRMED', 'ALBUM_YEAR Medúlla 2003 CONTRADICTED'])
  })

  it('reads discography tables and lists', () => {
    const table = '| Year | Album | Label |\n| --- | --- | --- |\n| 1993 | *Debut* | One Little Indian |\n| 1996 | Post | One Little Indian |'
    expect(verdicts(table, bjork, 'en')).toEqual(['ALBUM_YEAR Debut 1993 CONFIRMED', 'ALBUM_YEAR Post 1996 CONTRADICTED'])
    expect(verdicts('- 1993: **Debut**\n- *Post* (1994)\n- 1997 — *Homogenic*', bjork, 'en')).toEqual([
      'ALBUM_YEAR Debut 1993 CONFIRMED',
      'ALBUM_YEAR Post 1994 CONTRADICTED',
      'ALBUM_YEAR Homogenic 1997 CONFIRMED',
    ])
    expect(verdicts('### *Dummy* (1995)', portishead, 'en')).toEqual(['ALBUM_YEAR Dummy 1995 CONTRADICTED'])
  })

  describe('never contradicts a year the sentence gives to something else', () => {
    it.each([
      ['recording', '*Post* was recorded in 1994 at Compass Point.'],
      ['recording, then release', '*Vespertine* was written in 2000 and released in 2001.'],
      ['reissue', 'The 2007 remaster of *Post* added B-sides.'],
      ['reissue', '*Post* was reissued on vinyl in 2015.'],
      ['reissue in parentheses', 'A deluxe reissue of *Post* (2015) added B-sides.'],
      ['reissue in a table', '| Year | Album | Notes |\n| --- | --- | --- |\n| 2015 | *Post* | Deluxe reissue |'],
      ['tour', 'Björk toured *Post* throughout 1996.'],
      ['tour', 'She promoted *Post* in 1996 with a world tour.'],
      ['birth', 'Björk, born in 1965, sang on *Debut*.'],
      ['single', 'The single "Army of Me" (1994) previewed *Post*.'],
      ['single', '"Army of Me", released in 1994, was the first single from *Post*.'],
      ['title track', 'The single "Homogenic" came out in 1998.'],
      ['singles table', '| Year | Single | Album |\n| --- | --- | --- |\n| 1994 | "Army of Me" | *Post* |'],
      ['album not in the collection', '*Telegram* (1996) remixed songs from *Post*.'],
      ['another artist', "Massive Attack's *Protection* (1994) shared a producer with *Post*."],
      ['same title, another artist', "Soft Machine's *Third* (1970) is a jazz-rock classic."],
      ['decade', 'In the 1990s, *Post* defined a sound.'],
      ['range', 'Between 1993 and 1997 she released *Debut*, *Post* and *Homogenic*.'],
      ['range', 'The *Post* era (1995–1997) was her busiest.'],
      ['award', '*Post* was nominated for a Grammy in 1996.'],
      ['sales', 'By 1995 *Debut* had sold two million copies.'],
      ['certification', 'In 1996, *Post* was certified gold.'],
      ['regional release', '*Post* was released in the US in 1996.'],
      ['another album named nearby', 'Her debut album came out in 1993, two years before *Post*.'],
      ['an album qualifying another noun', "*Debut*'s follow-up, released in 1995, was darker."],
      ['a follow-up to an album', 'The follow-up to *Debut*, released in 1995, was darker.'],
      ['a song and an album sharing a title', 'Her career began in 1993 with "Homogenic", *Post* came later.'],
      ['a negation', '*Post* was not released in 1994, as once planned.'],
      ['a plan', '*Post* was originally planned for 1994.'],
      ['a release word about something later', '*Debut* found an audience in 1994 after its release.'],
      ['a clause about something else', 'Where *Debut* was playful in 1992, the band toured.'],
      ['a word, not the title', 'Post-punk bands of 1994 shaped her.'],
    ])('%s: %s', (_kind, text) => {
      expect(verdicts(text, text.includes('Third') ? portishead : bjork, 'en').filter((v) => v.endsWith('CONTRADICTED'))).toEqual([])
    })
  })
})

describe('ALBUM_YEAR in French', () => {
  it.each([
    ["l'album *Homogenic*, paru en 1996, est plus froid.", 'ALBUM_YEAR Homogenic 1996 CONTRADICTED'],
    ['« Homogenic » (1997) est son disque le plus froid.', 'ALBUM_YEAR Homogenic 1997 CONFIRMED'],
    ['Sorti en 1994, *Post* est un succès.', 'ALBUM_YEAR Post 1994 CONTRADICTED'],
    ['En 1997 sort son troisième album, *Homogenic*.', 'ALBUM_YEAR Homogenic 1997 CONFIRMED'],
    ["C'est en 1995 que paraît *Post*.", 'ALBUM_YEAR Post 1995 CONFIRMED'],
    ['*Volta*, son album de 2008, invite Timbaland.', 'ALBUM_YEAR Volta 2008 CONTRADICTED'],
    ['*Medúlla* voit le jour en 2005.', 'ALBUM_YEAR Medúlla 2005 CONTRADICTED'],
    ['La sortie de *Post* en 1994 surprend la critique.', 'ALBUM_YEAR Post 1994 CONTRADICTED'],
    ['*Discovery*, publié en mars 2000, adopte les casques.', 'ALBUM_YEAR Discovery 2000 CONTRADICTED'],
    ['*Volta*, un disque ambitieux de 2008, invite Timbaland.', 'ALBUM_YEAR Volta 2008 CONTRADICTED'],
    ['*Post*, successeur de *Debut*, paraît en 1994.', 'ALBUM_YEAR Post 1994 CONTRADICTED'],
  ])('%s', (text, expected) => {
    expect(verdicts(text, text.includes('Discovery') ? daftPunk : bjork, 'fr')).toEqual([expected])
  })

  it('gives each album its own year when two share a sentence', () => {
    expect(verdicts('Après *Post* (1995) vient *Homogenic* en 1997.', bjork, 'fr')).toEqual(['ALBUM_YEAR Post 1995 CONFIRMED', 'ALBUM_YEAR Homogenic 1997 CONFIRMED'])
    expect(verdicts('*Homogenic* succède à *Post* en 1997.', bjork, 'fr')).toEqual(['ALBUM_YEAR Homogenic 1997 CONFIRMED'])
  })

  it('reads French tables', () => {
    const table = '| Année | Titre | Label |\n| --- | --- | --- |\n| 1997 | *Homework* | Virgin |\n| 2000 | *Discovery* | Virgin |'
    expect(verdicts(table, daftPunk, 'fr')).toEqual(['ALBUM_YEAR Homework 1997 CONFIRMED', 'ALBUM_YEAR Discovery 2000 CONTRADICTED'])
  })

  describe('never contradicts a year the sentence gives to something else', () => {
    it.each([
      ['recording', '*Post* est enregistré en 1994 aux Bahamas.'],
      ['reissue', 'La réédition de *Post* en 2007 ajoute des faces B.'],
      ['reissue', 'Une édition pour les dix ans de *Random Access Memories* est sortie en 2023.'],
      ['tour', 'Björk part en tournée en 1996 pour défendre *Post*.'],
      ['birth', 'Née en 1965 à Reykjavik, Björk chante sur *Debut*.'],
      ['single', '« Army of Me », sorti en 1994, est le premier extrait de *Post*.'],
      ['album not in the collection', '*Telegram* (1996) revisite les titres de *Post*.'],
      ['decade', 'Dans les années 1990, *Post* définit un son.'],
      ['range', 'Entre 1993 et 1997, elle publie *Debut*, *Post* et *Homogenic*.'],
      ['range', 'Le groupe est actif de 1993 à 2021, de *Homework* à *Random Access Memories*.'],
      ['award', '*Random Access Memories* remporte cinq Grammy Awards en 2014.'],
      ['certification', '*Post* est certifié disque de platine en 1996.'],
      ['a film', 'Le duo signe en 2010 la bande originale de *Tron : L’Héritage*, après *Human After All*.'],
      ['another verb', '*Debut* séduit la critique en 1992, et *Post* paraît deux ans plus tard.'],
      ['a negation', '*Post* ne sort pas en 1994.'],
    ])('%s: %s', (_kind, text) => {
      expect(verdicts(text, text.includes('Memories') || text.includes('Human') ? daftPunk : bjork, 'fr').filter((v) => v.endsWith('CONTRADICTED'))).toEqual([])
    })
  })
})
