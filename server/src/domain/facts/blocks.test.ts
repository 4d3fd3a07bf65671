import { describe, expect, it } from 'vitest'
import { splitBlocks } from './blocks.ts'

const texts = (markdown: string) => splitBlocks(markdown).map((b) => [b.kind, markdown.slice(b.start, b.end)])

describe('splitBlocks', () => {
  it('cuts at blank lines, headings, list items, quotes and tables', () => {
    const markdown = [
      '# Title',
      'A paragraph right under the heading',
      'that goes on.',
      '',
      '- one item',
      '  carried on',
      '- another',
      '> a quote',
      '> still the quote',
      '>',
      '> its second paragraph',
      'Year | Album',
      '--- | ---',
      '1995 | Post',
      '',
      '---',
      'After the rule.',
    ].join('\n')
    expect(texts(markdown)).toEqual([
      ['heading', '# Title'],
      ['paragraph', 'A paragraph right under the heading\nthat goes on.'],
      ['item', '- one item\n  carried on'],
      ['item', '- another'],
      ['quote', '> a quote\n> still the quote'],
      ['quote', '> its second paragraph'],
      ['table', 'Year | Album\n--- | ---\n1995 | Post'],
      ['paragraph', 'After the rule.'],
    ])
  })

  it('leaves fences and HTML out of the blocks around them', () => {
    expect(texts('Before\n```\ncode 1995\n```\n<div>x</div>\nAfter')).toEqual([
      ['paragraph', 'Before'],
      ['paragraph', 'code 1995'],
      ['paragraph', 'After'],
    ])
  })

  it('gives offsets in the text, line endings excluded', () => {
    const markdown = 'One\r\n\r\nTwo\n'
    expect(splitBlocks(markdown).map((b) => markdown.slice(b.start, b.end))).toEqual(['One', 'Two'])
  })
})
