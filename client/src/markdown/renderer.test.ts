import { readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { createMarkdown } from './markdown.ts'
import { createStreamRenderer } from './renderer.ts'

const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')

/** Feeds a text in pieces of `size` characters, as a stream would, returning the last render. */
function stream(renderer: ReturnType<typeof createStreamRenderer>, text: string, size = 3) {
  let result = renderer.render('')
  for (let end = size; end < text.length + size; end += size) result = renderer.render(text.slice(0, end))
  return result
}
const page = (result: { blocks: readonly { html: string }[]; tail: string }) => result.blocks.map((b) => b.html).join('') + result.tail

describe('what a blank-line splitter got wrong', () => {
  const md = createMarkdown()
  it.each([
    ['a loose ordered list is one list', '1. one\n\n2. two\n\n3. three\n\nAfter.\n', /^<ol>\n<li>\n<p>one<\/p>\n<\/li>\n<li>\n<p>two/],
    ['a list item of two paragraphs stays one item', '- first\n\n  still the first item\n- second\n', /^<ul>\n<li>\n<p>first<\/p>\n<p>still the first item<\/p>/],
    ['a reference link defined later becomes a link', 'See [the site][site].\n\nMore text.\n\n[site]: https://example.com\n', /<a href="https:\/\/example.com"/],
  ])('%s', (_name, text, expected) => {
    const result = stream(createStreamRenderer(), text, 1)
    const finished = createStreamRenderer().render(text, { final: true })
    expect(page(finished)).toBe(md.render(text))
    expect(page(finished)).toMatch(expected)
    // And while it streams: the finished blocks already agree with the whole render.
    expect(md.render(text).startsWith(result.blocks.map((b) => b.html).join(''))).toBe(true)
  })

  it('renders again a finished block whose link a later definition resolves', () => {
    const renderer = createStreamRenderer()
    const start = 'Read [the notes][n].\n\nSecond paragraph.\n\nThird one.\n\n'
    const before = renderer.render(start)
    expect(before.blocks[0]!.html).toBe('<p>Read [the notes][n].</p>\n')
    const after = renderer.render(`${start}[n]: https://example.com/notes\n`)
    expect(after.blocks[0]!.html).toContain('<a href="https://example.com/notes"')
    expect(after.blocks[0]!.key).toBe(before.blocks[0]!.key)
  })
})

describe('cost per chunk', () => {
  it('parses only the unfinished end: the source parsed per chunk does not grow with the article', () => {
    const md = createMarkdown()
    const parse = vi.spyOn(md, 'parse')
    const renderer = createStreamRenderer(md)
    const text = fixture('streamdown-large.md') + fixture('portrait-constructs.md').replace(/^\[.*$/gm, '')
    stream(renderer, text, 4)
    const sizes = parse.mock.calls.map(([source]) => source.length)
    // Bounded by the largest block (a 27-line code example), never by the article's 10 kB.
    expect(Math.max(...sizes)).toBeLessThan(1200)
    expect(text.length).toBeGreaterThan(9000)
  })

  it('renders each finished block once', () => {
    const md = createMarkdown()
    const render = vi.spyOn(md.renderer, 'render')
    const renderer = createStreamRenderer(md)
    const first = renderer.render('# Title\n\nOne.\n\nTwo.\n\nThree')
    const calls = render.mock.calls.length
    const next = renderer.render('# Title\n\nOne.\n\nTwo.\n\nThree and more')
    // One render: the unfinished block. The finished ones are the very same objects.
    expect(render.mock.calls.length - calls).toBe(1)
    expect(next.blocks[0]).toBe(first.blocks[0])
  })

  it('starts over when the text is replaced rather than extended', () => {
    const renderer = createStreamRenderer()
    renderer.render('first paragraph\n\nsecond\n\nthird\n\n')
    const result = renderer.render('another\n\n', { final: true })
    expect(page(result)).toBe('<p>another</p>\n')
  })
})

describe('outline', () => {
  it('lists complete H2 and H3 headings with the ids the page gives them, numbered across the article', () => {
    const text = fixture('portrait-constructs.md')
    const result = createStreamRenderer().render(text, { final: true })
    expect(result.outline).toEqual([
      { level: 2, title: 'Albums', id: 'albums' },
      { level: 2, title: 'Albums', id: 'albums-1' },
      { level: 2, title: 'Live and in the studio', id: 'live-and-in-the-studio' },
      { level: 3, title: 'Notes', id: 'notes' },
      { level: 3, title: 'Notes', id: 'notes-1' },
    ])
    for (const { id } of result.outline) expect(page(result)).toContain(`id="${id}"`)
  })

  it('never disagrees with the page while the article streams in', () => {
    const text = fixture('streamdown-large.md') + fixture('portrait-constructs.md')
    const renderer = createStreamRenderer()
    for (let end = 5; end < text.length; end += 5) {
      const result = renderer.render(text.slice(0, end))
      const html = page(result)
      for (const { id } of result.outline) expect(html, `after ${end} characters`).toContain(`id="${id}"`)
    }
  })

  it('leaves out a heading until its line is complete', () => {
    const renderer = createStreamRenderer()
    expect(renderer.render('Intro.\n\n## Disco').outline).toEqual([])
    expect(renderer.render('Intro.\n\n## Discography\n').outline).toEqual([{ level: 2, title: 'Discography', id: 'discography' }])
  })
})

describe('hostile Markdown', () => {
  const md = createMarkdown()
  it.each([
    ['a script tag', '<script>alert(1)</script>'],
    ['an inline handler', '<img src=x onerror=alert(1)>'],
    ['a javascript: link', '[click](javascript:alert(1))'],
    ['a data: link', '[click](data:text/html,<script>alert(1)</script>)'],
    ['a vbscript: link', '[click](vbscript:msgbox(1))'],
    ['a javascript: image', '![x](javascript:alert(1))'],
    ['an autolink', '<javascript:alert(1)>'],
    ['a bare javascript: url', 'javascript:alert(1)'],
  ])('neutralises %s', (_name, source) => {
    const html = md.render(source)
    expect(html).not.toMatch(/<script|<img[^>]+onerror|href="(javascript|data|vbscript):|src="javascript:/i)
  })

  it('shows an image from another site as a link to it, streamed and final alike', () => {
    const source = 'Cover: ![The *Post* sleeve](http://tracker.example/pixel.gif).\n\n![](https://cdn.example/a.png "A cover")\n'
    const html = md.render(source)
    expect(html).not.toMatch(/<img[^>]+src="(https?:)?\/\//)
    expect(html).toContain('<a href="http://tracker.example/pixel.gif" target="_blank" rel="noopener noreferrer" class="remote-image">The Post sleeve</a>')
    expect(html).toContain('<a href="https://cdn.example/a.png" target="_blank" rel="noopener noreferrer" class="remote-image">https://cdn.example/a.png</a>')
    const renderer = createStreamRenderer()
    for (let end = 1; end <= source.length; end++) {
      const { blocks, tail } = renderer.render(source.slice(0, end))
      expect(blocks.map((block) => block.html).join('') + tail).not.toMatch(/<img[^>]+src="(https?:)?\/\//)
    }
    const final = renderer.render(source, { final: true })
    expect(final.blocks.map((block) => block.html).join('') + final.tail).toBe(html)
  })

  it('opens external links safely and keeps in-page anchors', () => {
    expect(md.render('[site](https://example.com)')).toBe('<p><a href="https://example.com" target="_blank" rel="noopener noreferrer">site</a></p>\n')
    expect(md.render('[mail](mailto:a@b.c)')).toContain('rel="noopener noreferrer"')
    expect(md.render('[up](#the-story)')).toBe('<p><a href="#the-story">up</a></p>\n')
    expect(md.render('see https://example.com/x')).toContain('<a href="https://example.com/x" target="_blank" rel="noopener noreferrer">')
  })
})

describe('source ranges', () => {
  it('gives each block, and the tail, the place of its Markdown in the text, streamed and final alike', () => {
    const text = `\n${fixture('portrait-constructs.md')}`
    const renderer = createStreamRenderer()
    const md = createMarkdown()
    for (let end = 1; end <= text.length; end += 7) {
      const shown = text.slice(0, end)
      const { blocks, tailStart } = renderer.render(shown)
      for (const block of blocks) expect(shown.slice(block.start, block.start + block.source.length)).toBe(block.source)
      // Between two blocks, nothing the page shows (a link definition the tail began with, say).
      blocks.forEach((block, i) => {
        const gap = shown.slice(block.start + block.source.length, blocks[i + 1]?.start ?? tailStart)
        expect(md.render(gap), JSON.stringify(gap)).toBe('')
      })
    }
    const final = renderer.render(text, { final: true })
    expect(final.blocks[0]!.start).toBe(1)
    expect(final.tailStart).toBe(text.length)
  })
})
