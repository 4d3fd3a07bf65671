/**
 * Streamed and whole renders are the same, for every CommonMark spec example, GFM's tables,
 * strikethrough and autolinks, and long articles, fed in chunks of 1, 3 and 7 characters and at
 * seeded random split points. At every step the finished blocks are what markdown-it renders for
 * the text so far, and (but where a link definition comes later) what it renders for the final
 * text: a finished block never changes. After the last chunk the page is markdown-it's render.
 */
import { readFileSync } from 'node:fs'
import { tests as specExamples } from 'commonmark-spec'
import { describe, expect, it } from 'vitest'
import { createMarkdown } from './markdown.ts'
import { createStreamRenderer } from './renderer.ts'

const md = createMarkdown()
const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')

/** Split points: every `size` characters, or random ones from a seeded generator (mulberry32). */
function splits(length: number, strategy: number | `random-${number}`): number[] {
  const ends: number[] = []
  if (typeof strategy === 'number') {
    for (let end = strategy; end < length; end += strategy) ends.push(end)
  } else {
    let seed = Number(strategy.slice('random-'.length))
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
    for (let end = 1 + Math.floor(random() * 12); end < length; end += 1 + Math.floor(random() * 12)) ends.push(end)
  }
  return [...ends, length]
}

/** A definition anywhere can turn earlier brackets into links: those blocks may legitimately change. */
const definesLinks = (text: string) => /(^|\n) {0,3}\[[^\]]+\]:/.test(text)

/** Streams `text` and returns what differs from markdown-it, as readable problems (none = pass). */
function problems(text: string, strategy: number | `random-${number}`): string[] {
  const renderer = createStreamRenderer()
  const final = md.render(text)
  const stable = !definesLinks(text)
  const found: string[] = []
  for (const end of splits(text.length, strategy)) {
    const prefix = text.slice(0, end)
    const finished = renderer.render(prefix).blocks.map((block) => block.html).join('')
    if (!md.render(prefix).startsWith(finished)) found.push(`after ${JSON.stringify(prefix.slice(-40))}: finished blocks differ from the render of the text so far`)
    else if (stable && !final.startsWith(finished)) found.push(`after ${JSON.stringify(prefix.slice(-40))}: a finished block differs from the final render`)
    if (found.length) return found
  }
  const { blocks, tail } = renderer.render(text, { final: true })
  if (blocks.map((block) => block.html).join('') + tail !== final) found.push('the finished page differs from the render of the whole text')
  return found
}

const strategies = [1, 3, 7, 'random-1', 'random-2', 'random-3'] as const

describe('CommonMark spec examples, streamed', () => {
  const examples = specExamples.map((example) => ({ ...example, markdown: example.markdown.replace(/→/g, '\t') }))

  it.each(strategies)('all %s render as markdown-it renders them whole', (strategy) => {
    const failures = examples.flatMap((example) => problems(example.markdown, strategy).map((p) => `#${example.number} (${example.section}) ${p}`))
    expect(failures).toEqual([])
    expect(examples.length).toBe(652)
  })
})

describe('GFM extensions, streamed', () => {
  // Shapes from the GFM spec's tables, strikethrough and autolinks sections.
  const gfm = {
    'a table': '| foo | bar |\n| --- | --- |\n| baz | bim |\n',
    'a table with alignment': '| abc | defghi |\n:-: | -----------:\nbar | baz\n',
    'escaped pipes': '| f\\|oo  |\n| ------ |\n| b `\\|` az |\n| b **\\|** im |\n',
    'a table ended by a quote': '| abc | def |\n| --- | --- |\n| bar | baz |\n> bar\n',
    'a table ended by a blank line': '| abc | def |\n| --- | --- |\n| bar | baz |\nbar\n\nbar\n',
    'not a table: header and delimiter differ': '| abc | def |\n| --- |\n| bar |\n',
    'rows with missing and extra cells': '| abc | def |\n| --- | --- |\n| bar |\n| bar | baz | boo |\n',
    'a table without a body': '| abc | def |\n| --- | --- |\n',
    'a paragraph then a table': 'Some text\n| a | b |\n| - | - |\n| 1 | 2 |\n',
    strikethrough: '~~Hi~~ Hello, ~there~ world!\n\nThis ~~has a\n\nnew paragraph~~.\n',
    'www autolinks': 'www.commonmark.org/help for more information.\n\nVisit www.commonmark.org/a.b.\n',
    'url autolinks': 'Visit https://encrypted.google.com/search?q=Markup+(business)\n\n(Visit https://encrypted.google.com/search?q=Markup+(business))\n',
    'email autolinks': 'foo@bar.baz\n\nhello@mail+xyz.example isn\'t valid, but hello+xyz@mail.example is.\n',
    'angle-bracket autolinks': '<https://foo.bar.baz/test?q=hello&id=22&boolean>\n\n<made-up-scheme://foo,bar>\n',
  }
  it.each(Object.entries(gfm))('%s', (_name, text) => {
    for (const strategy of strategies) expect(problems(text, strategy)).toEqual([])
  })
})

describe('long articles, streamed', () => {
  it.each(['streamdown-large.md', 'streamdown-code-heavy.md', 'streamdown-medium.md', 'portrait-constructs.md'])('%s', (name) => {
    const text = fixture(name)
    for (const strategy of strategies) expect(problems(text, strategy), `${name}, ${strategy}`).toEqual([])
  })
})
