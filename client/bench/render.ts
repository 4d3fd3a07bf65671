/**
 * Render benchmark: streams a ~3,000-word article through the block renderer, chunk by chunk as a
 * model would send it, and compares the cost per chunk at the start and at the end, against
 * re-rendering the whole document on every chunk (the naive baseline) measured in the same run.
 *
 *   npm run bench:render [-- --words 3000 --chunk-chars 4 --window 200]
 */
import { parseArgs } from 'node:util'
import { createMarkdown } from '../src/markdown/markdown.ts'
import { createStreamRenderer } from '../src/markdown/renderer.ts'
import { repairTail } from '../src/markdown/repair.ts'

const { values } = parseArgs({
  options: {
    words: { type: 'string', default: '3000' },
    'chunk-chars': { type: 'string', default: '4' },
    window: { type: 'string', default: '200' },
  },
})
const targetWords = Number(values.words)
const chunkChars = Number(values['chunk-chars'])
const window = Number(values.window)

/** A long Markdown article with the shapes models write: headings, paragraphs, lists, a table. */
function article(words: number): string {
  const sentence = 'The band recorded the album in a converted barn, with **Brian** on *keys* and a borrowed `Rhodes`, '
  const parts: string[] = ['# A long portrait\n\n']
  let count = 0
  for (let section = 1; count < words; section++) {
    parts.push(`## Section ${section}\n\n`)
    for (let p = 0; p < 3; p++) {
      const paragraph = sentence.repeat(4)
      parts.push(`${paragraph}\n\n`)
      count += paragraph.split(/\s+/).length
    }
    parts.push('- first point\n- second point with [a link](https://example.com)\n\n')
    if (section % 4 === 0) parts.push('| Year | Album |\n| --- | --- |\n| 1971 | One |\n| 1972 | Two |\n\n')
  }
  return parts.join('')
}

function measure(render: (text: string) => unknown, text: string) {
  const times: number[] = []
  for (let end = chunkChars; end < text.length + chunkChars; end += chunkChars) {
    const slice = text.slice(0, end)
    const started = performance.now()
    render(slice)
    times.push(performance.now() - started)
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
  // Medians too: a garbage-collection pause inside a 200-chunk window moves its mean, not its median.
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!
  const first = times.slice(0, window)
  const last = times.slice(-window)
  return {
    chunks: times.length,
    start: mean(first) * 1000,
    end: mean(last) * 1000,
    startMedian: median(first) * 1000,
    endMedian: median(last) * 1000,
    total: times.reduce((a, b) => a + b, 0),
  }
}

const text = article(targetWords)
// Warm both paths up first, so that neither pays for the JIT in its "start" figure.
for (let i = 0; i < 3; i++) {
  measure(createStreamRenderer().render, text.slice(0, 4000))
  measure((slice) => createMarkdown().render(slice), text.slice(0, 4000))
}
const words = text.split(/\s+/).filter(Boolean).length
const blocks = measure(createStreamRenderer().render, text)
const md = createMarkdown()
const whole = measure((slice) => md.render(slice), text)
// The display repair alone (remend and our handlers), on the text after the last blank line: about
// what the renderer repairs on each chunk.
const repair = measure((slice) => repairTail(slice.slice(slice.lastIndexOf('\n\n') + 2)), text)

const row = (name: string, r: typeof blocks) =>
  `| ${name} | ${r.chunks} | ${r.start.toFixed(1)} | ${r.end.toFixed(1)} | ${(r.end / r.start).toFixed(2)} | ${r.startMedian.toFixed(1)} | ${r.endMedian.toFixed(1)} | ${(r.endMedian / r.startMedian).toFixed(2)} | ${r.total.toFixed(0)} |`
console.log(`Article: ${words} words, ${text.length} characters, chunks of ${chunkChars} characters; means over the first and last ${window} chunks.\n`)
console.log('| renderer | chunks | mean µs/chunk at start | at end | end/start | median µs/chunk at start | at end | end/start | total ms |')
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
console.log(row('by blocks (ours)', blocks))
console.log(row('whole document (baseline)', whole))
console.log(row('repair step alone (remend)', repair))
console.log(`\nAt the end of the article, the block renderer costs ${(blocks.end / whole.end * 100).toFixed(1)}% of the baseline per chunk; over the whole stream it takes ${(blocks.total / whole.total * 100).toFixed(1)}% of the baseline's time.`)
