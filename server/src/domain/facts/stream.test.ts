import { describe, expect, it } from 'vitest'
import { checkFacts } from './check.ts'
import { createFactStream } from './stream.ts'
import { bjork } from './tfacts.ts'

const portrait = `# Björk

The Icelandic singer began in Reykjavík. *Debut* was released in July 1993.
*Post*, which followed in 1994, was darker.

| Year | Album |
| --- | --- |
| 1996 | *Homogenic* |
- 2001 — *Vespertine*
- *Medúlla* (2004)
Two years after *Post* (1995) came *Homogenic*, released in September 1997.`

function pieces(text: string, seed: number, longest: number): string[] {
  const out: string[] = []
  let state = seed
  for (let at = 0; at < text.length; ) {
    state = (state * 1103515245 + 12345) % 2 ** 31
    const length = 1 + (state % longest)
    out.push(text.slice(at, at + length))
    at += length
  }
  return out
}

describe('createFactStream', () => {
  it.each([1, 2, 3, 7, 40])('gives the checks of the whole text, however it is cut (pieces up to %i characters)', (longest) => {
    for (let seed = 1; seed <= 5; seed++) {
      const stream = createFactStream(bjork, 'en')
      const checks = pieces(portrait, seed, longest).flatMap((piece) => stream.push(piece))
      checks.push(...stream.end())
      expect(checks).toEqual(checkFacts(portrait, bjork, 'en'))
    }
  })

  it('gives the checks of the whole text for random texts cut in random pieces', () => {
    const fragments = ['*Post*, which followed in 1994,', 'was darker.', '- 1993: **Debut**', '### *Medúlla* (2004)', '| Year | Album |\n| --- | --- |\n| 1996 | *Homogenic* |', 'Year | Album\n--- | ---', '> *Debut* (1992)', '---', '']
    let state = 11
    const next = (n: number) => {
      state = (state * 1103515245 + 12345) % 2 ** 31
      return state % n
    }
    for (let round = 0; round < 40; round++) {
      const text = Array.from({ length: 4 + next(10) }, () => fragments[next(fragments.length)]).join('\n')
      const stream = createFactStream(bjork, 'en')
      const checks = pieces(text, round + 1, 1 + next(30)).flatMap((piece) => stream.push(piece))
      checks.push(...stream.end())
      expect(checks).toEqual(checkFacts(text, bjork, 'en'))
    }
  })

  it('gives a block’s checks once the block is finished, not before', () => {
    const stream = createFactStream(bjork, 'en')
    expect(stream.push('*Post*, which followed in 1994,')).toEqual([])
    expect(stream.push(' was darker.\n')).toEqual([])
    // The next line could still be part of the paragraph; a blank line ends it.
    expect(stream.push('\n').map((c) => c.stated)).toEqual(['1994'])
    expect(stream.push('- *Debut* (1992)\n').map((c) => c.stated)).toEqual([])
    expect(stream.push('- *Volta*').map((c) => c.stated)).toEqual([])
    expect(stream.push(' (2008)\n- ').map((c) => c.stated)).toEqual(['1992'])
    expect(stream.end().map((c) => c.stated)).toEqual(['2008'])
  })

  it('counts offsets from where the text starts', () => {
    const stream = createFactStream(bjork, 'en', 100)
    const checks = [...stream.push('*Post* (1994)\n\n'), ...stream.end()]
    expect(checks.map((c) => [c.start, c.end])).toEqual([[108, 112]])
  })

  it('checks nothing in a language it does not read', () => {
    const stream = createFactStream(bjork, 'de')
    expect([...stream.push('*Post* (1994)\n\n'), ...stream.end()]).toEqual([])
  })
})

describe('a stream without line breaks', () => {
  it('holds a bounded text and checks again after the next blank line', () => {
    const facts = { name: 'Björk', country: 'IS', formedYear: null, endedYear: null, albums: [{ title: 'Post', year: 1995 }] }
    const stream = createFactStream(facts, 'en')
    const run = 'x'.repeat(9_999) + ' '
    let offset = 0
    for (let i = 0; i < 20; i++) {
      expect(stream.push(run)).toEqual([])
      offset += run.length
    }
    const after = '\n\nHer second album, *Post* (1994), came out on One Little Indian.\n\n'
    const checks = [...stream.push(after), ...stream.end()]
    const text = after
    expect(checks).toEqual([expect.objectContaining({ kind: 'ALBUM_YEAR', stated: '1994', status: 'CONTRADICTED', start: offset + text.indexOf('1994') })])
  })
})
