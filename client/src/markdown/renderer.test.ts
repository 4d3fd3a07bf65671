import { describe, expect, it, vi } from 'vitest'
import { BlockSplitter } from './blocks.ts'
import { createMarkdown } from './markdown.ts'
import { outline } from './outline.ts'
import { createStreamRenderer } from './renderer.ts'
import { closeUnfinished } from './unfinished.ts'

const article = `# Björk: a portrait

Björk is an **Icelandic** singer.

## The story

Her first album *Debut* came out in 1993.

\`\`\`
code with a blank line

inside
\`\`\`

## Discography

| Year | Album |
| --- | --- |
| 1993 | Debut |
`

/** Feeds a text in small pieces, as a stream would, returning the final rendering. */
function stream(renderer: ReturnType<typeof createStreamRenderer>, text: string, size = 3) {
  let result = renderer.render('')
  for (let end = size; end < text.length + size; end += size) result = renderer.render(text.slice(0, end))
  return result
}

describe('block renderer', () => {
  it('renders a streamed article exactly as markdown-it renders it whole', () => {
    const renderer = createStreamRenderer()
    const { blocks, tail } = stream(renderer, article)
    const html = blocks.map((b) => b.html).join('') + tail
    expect(html.replace(/\s+/g, '')).toBe(createMarkdown().render(article).replace(/\s+/g, ''))
  })

  it('renders each finished block once: a new chunk re-renders only the last block', () => {
    const md = createMarkdown()
    const render = vi.spyOn(md, 'render')
    const renderer = createStreamRenderer(md)
    const growing = `${article}\nMore text`
    const finished = renderer.render(growing).blocks
    const calls = render.mock.calls.length
    const next = renderer.render(`${growing} and more`)
    expect(render.mock.calls.length - calls).toBe(1)
    expect(render.mock.calls.at(-1)![0]).toBe('More text and more')
    // The finished blocks are the very same objects: the view keeps their DOM as it is.
    expect(next.blocks.slice(0, finished.length)).toEqual(finished)
    expect(next.blocks[0]).toBe(finished[0])
  })

  it('costs the same per chunk at the end of a long article as at its start', () => {
    const md = createMarkdown()
    const render = vi.spyOn(md, 'render')
    const renderer = createStreamRenderer(md)
    const long = Array.from({ length: 200 }, (_, i) => `Paragraph ${i} with some words.\n\n`).join('')
    stream(renderer, long, 7)
    const sizes = render.mock.calls.map(([source]) => (source as string).length)
    // Never more than a block or two of source per render, however far into the article.
    expect(Math.max(...sizes)).toBeLessThan(80)
  })

  it('does not split blocks at blank lines inside a code fence', () => {
    const { blocks, tail } = new BlockSplitter().update(article)
    expect(blocks.find((block) => block.includes('code with a blank line'))).toContain('inside')
    expect(tail).toMatch(/^\| Year/)
  })

  it('starts over when the text is replaced rather than extended', () => {
    const renderer = createStreamRenderer()
    renderer.render('first paragraph\n\nsecond\n\n')
    const { blocks } = renderer.render('another\n\n')
    expect(blocks.map((b) => b.html)).toEqual(['<p>another</p>\n'])
  })
})

describe('unfinished Markdown at the end of the stream', () => {
  it.each([
    ['an open code fence', '```js\nconst a = 1', '```js\nconst a = 1\n```'],
    ['open bold', 'some **bold te', 'some **bold te**'],
    ['bold just opened', 'some **', 'some '],
    ['open italics', 'an *ital', 'an *ital*'],
    ['open inline code', 'run `npm', 'run `npm`'],
    ['half a link', 'see [the site](https://exa', 'see the site'],
    ['a link label', 'see [the si', 'see the si'],
    ['a list bullet', '* item', '* item'],
  ])('%s', (_name, tail, expected) => {
    expect(closeUnfinished(tail)).toBe(expected)
  })

  it('renders an unfinished tail without showing stray markers', () => {
    const { tail } = createStreamRenderer().render('Intro\n\nThis is **very import')
    expect(tail).toBe('<p>This is <strong>very import</strong></p>\n')
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
  ])('neutralises %s', (_name, source) => {
    const html = md.render(source)
    expect(html).not.toMatch(/<script|<img[^>]+onerror|href="(javascript|data|vbscript):|src="javascript:/i)
  })

  it('opens external links safely and keeps in-page anchors', () => {
    expect(md.render('[site](https://example.com)')).toBe('<p><a href="https://example.com" target="_blank" rel="noopener noreferrer">site</a></p>\n')
    expect(md.render('[mail](mailto:a@b.c)')).toContain('rel="noopener noreferrer"')
    expect(md.render('[up](#the-story)')).toBe('<p><a href="#the-story">up</a></p>\n')
  })
})

describe('outline', () => {
  it('lists complete H2 and H3 headings with the ids the renderer gives them', () => {
    const text = `${article}### Notes\n## Half a head`
    expect(outline(text)).toEqual([
      { level: 2, title: 'The story', id: 'the-story' },
      { level: 2, title: 'Discography', id: 'discography' },
      { level: 3, title: 'Notes', id: 'notes' },
    ])
    const html = createMarkdown().render(article)
    expect(html).toContain('<h2 id="the-story">')
    expect(html).toContain('<h2 id="discography">')
  })

  it('gives a title repeated across blocks one id per heading, the same in the outline and the page', () => {
    const text = '# Nina Simone\n\n## Albums\n\nText.\n\n### Notes\n\nMore.\n\n## Albums\n\n### Notes\n\n## Albums 1\n\n## Live\n\n'
    const { blocks } = stream(createStreamRenderer(), text)
    const ids = [...blocks.map((b) => b.html).join('').matchAll(/<h[23] id="([^"]+)"/g)].map((m) => m[1])
    expect(ids).toEqual(['albums', 'notes', 'albums-1', 'notes-1', 'albums-1-1', 'live'])
    expect(outline(text).map((entry) => entry.id)).toEqual(ids)
  })
})
