import { describe, expect, it } from 'vitest'
import { occurrences, placeOf, type SourceBlock } from './claims.ts'

/** Blocks cut at blank lines, each with its offset, as the renderer gives them. */
function blocksOf(text: string): SourceBlock[] {
  const blocks: SourceBlock[] = []
  const parts = text.split(/(?<=\n\n)/)
  let start = 0
  for (const source of parts) {
    blocks.push({ start, source })
    start += source.length
  }
  return blocks
}

describe('where a stated value is in the render', () => {
  const text = '# Björk in 1994\n\nIn 1994 she toured; her second album, *Post* (1994), came out.\n\n| Year | Album |\n| --- | --- |\n| 1994 | Post |\n'
  const blocks = blocksOf(text)

  it('finds the block holding the value, and which of its occurrences there it is', () => {
    const post = text.indexOf('(1994)') + 1
    expect(placeOf(blocks, post, '1994')).toEqual({ block: 1, occurrence: 1 })
    expect(placeOf(blocks, text.indexOf('1994'), '1994')).toEqual({ block: 0, occurrence: 0 })
    expect(placeOf(blocks, text.lastIndexOf('1994'), '1994')).toEqual({ block: 2, occurrence: 0 })
  })

  it('knows no place for an offset that does not hold the value, or lies past the blocks', () => {
    expect(placeOf(blocks, 3, '1994')).toBeNull()
    expect(placeOf(blocks, text.length + 5, '1994')).toBeNull()
    expect(placeOf([], 0, '1994')).toBeNull()
  })

  it('does not count occurrences the page does not show: link destinations and definitions', () => {
    const linked = 'See [the review](https://example.com/1994/post "1994") of *Post* (1994).\n[ref]: https://example.com/1994\n'
    expect(placeOf([{ start: 10, source: linked }], 10 + linked.indexOf('(1994)') + 1, '1994')).toEqual({ block: 0, occurrence: 0 })
  })

  it('counts without overlaps, as a search of the text does', () => {
    expect(occurrences('19941994', '1994')).toBe(2)
    expect(occurrences('aaaa', 'aa')).toBe(2)
    expect(occurrences('anything', '')).toBe(0)
  })
})
