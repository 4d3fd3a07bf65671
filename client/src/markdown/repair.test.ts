import { describe, expect, it } from 'vitest'
import { createMarkdown } from './markdown.ts'
import { createStreamRenderer } from './renderer.ts'

const md = createMarkdown()
/** The page while the text streams: finished blocks and the unfinished end, repaired. */
function live(text: string) {
  const { blocks, tail } = createStreamRenderer().render(text)
  return blocks.map((block) => block.html).join('') + tail
}

describe('the unfinished end of a stream', () => {
  // [what, text so far, how its end shows, the same text once finished]: what shows while it
  // streams must be what the finished text shows, so nothing jumps when it completes.
  it.each([
    ['open bold', 'This is **very import', '<p>This is <strong>very import</strong></p>\n', 'This is **very important**'],
    ['bold just opened', 'Some **', '<p>Some</p>\n', null],
    ['italics just opened', 'Some _', '<p>Some</p>\n', null],
    ['a star after a word', 'Some *', '<p>Some</p>\n', null],
    ['inline code just opened', 'Run `', '<p>Run</p>\n', null],
    ['open italics', 'an *ital', '<p>an <em>ital</em></p>\n', 'an *italic*'],
    ['open inline code', 'run `npm', '<p>run <code>npm</code></p>\n', 'run `npm`'],
    ['open strikethrough', 'was ~~wro', '<p>was <s>wro</s></p>\n', 'was ~~wrong~~'],
    ['half a link', 'see [the site](https://exa', '<p>see the site</p>\n', null],
    ['a link label', 'see [the si', '<p>see the si</p>\n', null],
    ['a heading marker with no title yet', 'Intro.\n\n##', '<p>Intro.</p>\n', null],
    ['a table header before its delimiter row', 'Intro.\n\n| Year | Album |\n', '<p>Intro.</p>\n', null],
    ['half a table header', 'Intro.\n\n| Year | Alb', '<p>Intro.</p>\n', null],
    ['half a delimiter row', 'Intro.\n\n| Year | Album |\n| --- | -', '<p>Intro.</p>\n', null],
  ])('%s', (_name, text, shows, finished) => {
    expect(live(text)).toBe(shows)
    if (finished) {
      const tag = /<(strong|em|code|s)>/.exec(shows)![1]
      expect(md.render(finished)).toContain(`<${tag}>`)
    }
  })

  it('shows an open code fence as code, not as a paragraph of backticks', () => {
    expect(live('Intro.\n\n```js\nconst a = 1')).toContain('<pre><code class="language-js">const a = 1')
  })

  it('shows half a table row as a row of the table', () => {
    const html = live('| Year | Album |\n| --- | --- |\n| 1993 | Deb')
    expect(html).toContain('<td>1993</td>')
    expect(html).not.toContain('|')
  })

  it('does not show a paragraph as a heading while its next line could be a list', () => {
    // "Text\n-" is a setext heading to markdown-it, but a list item is usually on its way.
    expect(live('Some text\n-')).not.toContain('<h2')
  })

  it('renders the finished text exactly, with nothing repaired', () => {
    const text = 'This is **not closed'
    const { tail } = createStreamRenderer().render(text, { final: true })
    expect(tail).toBe(md.render(text))
    expect(tail).toContain('**not closed')
  })
})
