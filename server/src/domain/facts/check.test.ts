import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { composePortrait } from '../../generation/offline-writer.ts'
import { splitBlocks } from './blocks.ts'
import { checkFacts } from './check.ts'
import { bjork, daftPunk, portishead } from './tfacts.ts'
import type { CollectionFacts } from './types.ts'

const portrait = `# Björk

The Icelandic singer began in Reykjavík. *Debut* was released in July 1993.
*Post*, which followed in 1994, was darker; "Army of Me" (1995) opened it.

## Discography

| Year | Album | Notes |
| --- | --- | --- |
| 1995 | *Post* | |
| 1996 | *Homogenic* | |
- 2001 — *Vespertine*
- *Medúlla* (2004)
> In 2007 came *Volta*.
### *Volta* (2008)
Two years after *Post* (1995) came *Homogenic*, released in September 1997.
`

/** The text cut at every blank line, the cuts kept in the pieces as a writer sends them. */
const atBlankLines = (text: string) => text.split(/(?<=\n\n)/)

describe('checkFacts', () => {
  it('points each check at the words it describes', () => {
    const checks = checkFacts(portrait, bjork, 'en')
    expect(checks.length).toBeGreaterThan(8)
    for (const check of checks) expect(portrait.slice(check.start, check.end)).toBe(check.stated)
    expect(checks.filter((c) => c.status === 'CONTRADICTED').map((c) => `${c.subject} ${c.stated} ${c.expected}`)).toEqual([
      'Post 1994 1995',
      'Homogenic 1996 1997',
      'Volta 2008 2007',
    ])
  })

  it('says the collection’s country in the portrait’s language', () => {
    expect(checkFacts('Le groupe belge publie *Dummy*.', portishead, 'fr')[0]).toMatchObject({ stated: 'belge', expected: 'Royaume-Uni', status: 'CONTRADICTED' })
    expect(checkFacts('The Belgian band released *Dummy*.', portishead, 'en-GB')[0]).toMatchObject({ stated: 'Belgian', expected: 'United Kingdom' })
  })

  it('checks nothing in a language it does not read', () => {
    expect(checkFacts('*Post* (1994) war dunkler.', bjork, 'de')).toEqual([])
  })

  it('checks nothing the collection does not know', () => {
    const unknown: CollectionFacts = { name: 'Björk', country: null, formedYear: null, endedYear: null, albums: [{ title: 'Post', year: null }] }
    expect(checkFacts('The Norwegian singer released *Post* (1994).', unknown, 'en')).toEqual([])
  })

  it('gives the same checks block by block as whole, with offsets in the whole', () => {
    const whole = checkFacts(portrait, bjork, 'en')
    let offset = 0
    const byPiece = atBlankLines(portrait).flatMap((piece) => {
      const checks = checkFacts(piece, bjork, 'en', offset)
      offset += piece.length
      return checks
    })
    expect(byPiece).toEqual(whole)
    const byBlock = splitBlocks(portrait).flatMap((b) => checkFacts(portrait.slice(b.start, b.end), bjork, 'en', b.start))
    expect(byBlock).toEqual(whole)
  })

  it('gives markdown-it’s blocks the checks of the whole: a table or a list after a paragraph, a heading under one', () => {
    // markdown-it cuts these without a blank line between: a paragraph, then a table, a list, a heading.
    const text = 'Her debut came first.\n| Year | Album |\n| --- | --- |\n| 1996 | *Post* |\n- *Debut* (1992)\n# *Volta* (2008)\nThen *Homogenic* (1996).'
    const lines = text.split('\n')
    const at = (line: number) => lines.slice(0, line).join('\n').length + (line ? 1 : 0)
    const cuts = [0, 1, 4, 5, 6]
    const byBlock = cuts.flatMap((line, i) => {
      const start = at(line)
      const end = i + 1 < cuts.length ? at(cuts[i + 1]!) - 1 : text.length
      return checkFacts(text.slice(start, end), bjork, 'en', start)
    })
    expect(byBlock).toEqual(checkFacts(text, bjork, 'en'))
    expect(byBlock.map((c) => c.stated)).toEqual(['1996', '1992', '2008', '1996'])
  })

  it('gives the same checks for any text cut at blank lines (random texts)', () => {
    const fragments = [
      '*Post*, which followed in 1994, was darker.',
      'In 1997, she released *Homogenic*.',
      '- 1993: **Debut**',
      '- *Volta* (2008)\n  with Timbaland',
      '### *Medúlla* (2004)',
      '| Year | Album |\n| --- | --- |\n| 1996 | *Homogenic* |',
      'Year | Album\n--- | ---\n2001 | *Vespertine*',
      '> *Debut* was released in July 1992.',
      'The Norwegian singer moved to London.',
      '---',
      '```\n*Post* (1994)\n```',
      'Then *Debut* (1993)\nand *Post* (1995) came out.',
    ]
    let state = 7
    const next = (n: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31
      return state % n
    }
    for (let round = 0; round < 40; round++) {
      const parts = Array.from({ length: 3 + next(8) }, () => fragments[next(fragments.length)]!)
      const text = parts.map((part) => part + (next(3) === 0 ? '\n' : '\n\n')).join('')
      const whole = checkFacts(text, bjork, 'en')
      let offset = 0
      const byPiece = atBlankLines(text).flatMap((piece) => {
        const checks = checkFacts(piece, bjork, 'en', offset)
        offset += piece.length
        return checks
      })
      expect(byPiece).toEqual(whole)
    }
  })

  it('never contradicts the offline writer, which writes from the collection alone', () => {
    const artists = JSON.parse(readFileSync(new URL('../../../../prisma/seed/artists.json', import.meta.url), 'utf8'))
    let checked = 0
    for (const artist of artists.slice(0, 30)) {
      for (const language of ['en', 'fr']) {
        const markdown = composePortrait({ artist, albums: artist.albums, options: { language, length: 'SHORT', tone: 'NEUTRAL' }, targetWords: 600 } as never)
        const checks = checkFacts(markdown, { ...artist, albums: artist.albums }, language)
        checked += checks.length
        expect(checks.filter((c) => c.status === 'CONTRADICTED')).toEqual([])
      }
    }
    expect(checked).toBeGreaterThan(100)
  })

  it('reads French with its own words', () => {
    const text = 'Daft Punk est un duo français formé en 1992. *Discovery*, publié en mars 2001, adopte les casques. Le duo se sépare en 2021.'
    expect(checkFacts(text, daftPunk, 'fr-FR').map((c) => `${c.kind} ${c.stated} ${c.status}`)).toEqual([
      'COUNTRY français CONFIRMED',
      'FORMED_YEAR 1992 CONTRADICTED',
      'ALBUM_YEAR 2001 CONFIRMED',
      'ENDED_YEAR 2021 CONFIRMED',
    ])
  })
})
