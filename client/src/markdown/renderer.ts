// One file over 200 lines on purpose: finality, link-definition re-renders and heading numbering
// share one parse per chunk; the repair step, the only part that stands alone, is repair.ts.
import GithubSlugger from 'github-slugger'
import { createMarkdown, type Markdown, type MarkdownEnv } from './markdown.ts'
import { repairTail } from './repair.ts'

export interface RenderedBlock {
  /** Stable while the block exists: its position in the document. */
  key: number
  html: string
  /** Where its Markdown starts in the text, and the Markdown itself (up to the next block). */
  start: number
  source: string
}

/** A section of the article: its heading level, its text and the id the page gives it. */
export interface OutlineEntry {
  level: 2 | 3
  title: string
  id: string
}

export interface StreamRender {
  /** Blocks no later text can change, but for a link definition written later (see below). */
  blocks: readonly RenderedBlock[]
  /** HTML of the blocks still being written, after the finished ones. */
  tail: string
  /** Where the Markdown of `tail` starts in the text: it runs to the end. */
  tailStart: number
  /** H2 and H3 sections whose heading is complete, with the ids the page gives them. */
  outline: readonly OutlineEntry[]
}

export interface StreamRenderer {
  /**
   * Renders the text so far. Live (the default), the unfinished end is repaired for display;
   * `final` renders it as it stands, so that blocks and tail together are exactly markdown-it's
   * render of the whole text.
   */
  render(text: string, options?: { final?: boolean }): StreamRender
  /** How many times markdown-it parsed, for tests and the benchmark. */
  readonly parses: number
}

type Token = ReturnType<Markdown['parse']>[number]
type References = NonNullable<MarkdownEnv['references']>
type Slugs = Record<string, number>

interface FinishedBlock extends RenderedBlock {
  /**
   * For a block with a bracket in it, whose links a definition further on can still change: the
   * heading numbering before it, so that rendering it again gives its headings the same ids.
   */
  slugsBefore?: Slugs
}

interface TopLevelBlock {
  /** Token range in the parse. */
  start: number
  end: number
  /** First source line and the line after it, relative to the parsed text. */
  line: number
  endLine: number
}

/** Blocks that a blank line ends for good (a list or an indented code block can go on after one). */
const closedByBlankLine = new Set(['paragraph_open', 'heading_open', 'hr', 'table_open', 'fence', 'blockquote_open'])

/**
 * Renders a streaming article exactly as markdown-it renders the whole text, at the cost of
 * parsing only its unfinished end on each chunk. The block boundaries are markdown-it's own (its
 * top-level tokens and their source lines): a block is finished once the block after it has begun
 * and the line after that beginning is complete, since markdown-it decides where a block ends by
 * looking at most one line past it (a table's delimiter row); a paragraph, heading, table, fence
 * or quote is finished as soon as a blank line follows it. Finished blocks are rendered once.
 * Link reference definitions are the one thing that reaches back: when the definitions change,
 * the finished blocks with brackets in them are rendered again.
 */
export function createStreamRenderer(md: Markdown = createMarkdown()): StreamRenderer {
  let previous = ''
  /** Where the unfinished part starts in the text. */
  let tailStart = 0
  let finished: FinishedBlock[] = []
  let sections: OutlineEntry[] = []
  /** Definitions made in the finished part, and the numbering of its heading ids. */
  let references: References = {}
  let slugger = new GithubSlugger()
  let definitions = ''
  let parses = 0

  const parse = (source: string, env: MarkdownEnv) => {
    parses++
    return md.parse(source, env)
  }
  const render = (tokens: Token[], env: MarkdownEnv) => md.renderer.render(tokens, md.options, env)

  function reset() {
    tailStart = 0
    finished = []
    sections = []
    references = {}
    slugger = new GithubSlugger()
    definitions = ''
  }

  function finish(tokens: Token[], block: TopLevelBlock, start: number, source: string, env: MarkdownEnv) {
    const slugsBefore = source.includes('[') ? { ...slugger.occurrences } : undefined
    const headings = headingsOf(tokens, block.start, block.end)
    // Replaying the titles numbers them exactly as the parse did: same titles, same order.
    for (const heading of headings) slugger.slug(heading.title)
    const entries = outlineOf(headings)
    if (entries.length) sections = [...sections, ...entries]
    finished.push({ key: finished.length, html: render(tokens.slice(block.start, block.end), env), start, source, slugsBefore })
  }

  /** A later definition changed what earlier brackets mean: render those blocks again. */
  function rerenderLinks(all: References) {
    finished = finished.map((block) => {
      if (!block.slugsBefore) return block
      const reslugger = new GithubSlugger()
      reslugger.occurrences = { ...block.slugsBefore }
      const html = md.render(block.source, { references: { ...all }, slugger: reslugger })
      parses++
      return html === block.html ? block : { ...block, html }
    })
  }

  return {
    get parses() {
      return parses
    },
    render(text, { final = false } = {}) {
      // Comparing the whole text would make every update cost its length: the start and the
      // unfinished part are enough to tell a text that grew from one that was replaced.
      const grew = text.length >= previous.length && text.startsWith(previous.slice(0, 64)) && text.startsWith(previous.slice(tailStart), tailStart)
      if (!grew) reset()
      previous = text

      const from = tailStart
      const tail = text.slice(from)
      const env = envWith(references, slugger)
      const tokens = parse(tail, env)
      const blocks = topLevelBlocks(tokens)
      const starts = lineStarts(tail)
      const completeLines = starts.length - 2

      const blankAfter = (block: TopLevelBlock) => block.endLine < completeLines && tail.slice(starts[block.endLine]!, starts[block.endLine + 1]!).trim() === ''
      let count = 0
      while (
        count < blocks.length - 1 &&
        (blocks[count + 1]!.line + 1 < completeLines || (closedByBlankLine.has(tokens[blocks[count]!.start]!.type) && blankAfter(blocks[count]!)))
      )
        count++
      if (count > 0) {
        const end = starts[blocks[count]!.line]!
        const region = tail.slice(0, end)
        // Definitions are not blocks: collect the ones the finished part makes, first one wins.
        if (region.includes(']:')) {
          const found: MarkdownEnv = {}
          parse(region, found)
          references = { ...found.references, ...references }
        }
        for (let i = 0; i < count; i++) {
          const block = blocks[i]!
          finish(tokens, block, from + starts[block.line]!, tail.slice(starts[block.line]!, starts[blocks[i + 1]!.line]!), env)
        }
        tailStart += end
      }

      const all = env.references ?? {}
      const signature = Object.keys(all).length ? JSON.stringify(all) : ''
      if (signature !== definitions) {
        definitions = signature
        rerenderLinks(all)
      }

      const open = blocks.slice(count)
      const rest = open.length ? tail.slice(starts[open[0]!.line]!) : ''
      const restTokens = open.length ? tokens.slice(open[0]!.start) : []
      let html = ''
      if (open.length) {
        const repaired = final ? rest : repairTail(rest)
        // remend trims trailing spaces, which show nowhere but at the end of a code line: not
        // worth a second parse on nearly every chunk.
        const same = repaired === rest || repaired === rest.replace(/[ \t]+$/, '')
        html = same ? render(restTokens, env) : md.render(repaired, envWith(all, slugger))
        if (!same) parses++
      }
      const complete = outlineOf(headingsOf(restTokens, 0, restTokens.length).filter((h) => h.endLine <= completeLines))
      return { blocks: finished, tail: html, tailStart: from + (open.length ? starts[open[0]!.line]! : tail.length), outline: complete.length ? [...sections, ...complete] : sections }
    },
  }
}

/** The top-level blocks of a parse, as token ranges with their first source line. */
function topLevelBlocks(tokens: Token[]): TopLevelBlock[] {
  const blocks: TopLevelBlock[] = []
  let depth = 0
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!
    if (depth === 0) blocks.push({ start: i, end: i + 1, line: token.map?.[0] ?? 0, endLine: token.map?.[1] ?? 0 })
    depth += token.nesting
    if (depth === 0) blocks.at(-1)!.end = i + 1
  }
  return blocks
}

/** Where each line starts, with markdown-it's line breaks (\n, \r\n, \r); the last entry is the text's end. */
function lineStarts(text: string): number[] {
  const starts = [0]
  const breaks = /\r\n?|\n/g
  for (let match = breaks.exec(text); match; match = breaks.exec(text)) starts.push(match.index + match[0].length)
  starts.push(text.length)
  return starts
}

/** Headings in a token range, titled as markdown-it-anchor titles them (text and code spans). */
function headingsOf(tokens: Token[], start: number, end: number) {
  const headings: { level: number; title: string; id: string; endLine: number }[] = []
  for (let i = start; i < end; i++) {
    const token = tokens[i]!
    if (token.type !== 'heading_open') continue
    const title = (tokens[i + 1]?.children ?? [])
      .filter((child) => child.type === 'text' || child.type === 'code_inline')
      .map((child) => child.content)
      .join('')
    headings.push({ level: Number(token.tag.slice(1)), title, id: String(token.attrGet('id') ?? ''), endLine: token.map?.[1] ?? 0 })
  }
  return headings
}

function outlineOf(headings: ReturnType<typeof headingsOf>): OutlineEntry[] {
  return headings
    .filter((h) => (h.level === 2 || h.level === 3) && h.title !== '')
    .map(({ level, title, id }) => ({ level: level as 2 | 3, title, id }))
}

function copySlugger(from: GithubSlugger): GithubSlugger {
  const copy = new GithubSlugger()
  copy.occurrences = { ...from.occurrences }
  return copy
}

/**
 * An env for one parse of the unfinished part: its own copy of the definitions, and of the heading
 * numbering, made only if the part has a heading, since copying it costs a step per heading so far.
 */
function envWith(references: References, slugger: GithubSlugger): MarkdownEnv {
  let copy: GithubSlugger | undefined
  return Object.defineProperty({ references: { ...references } }, 'slugger', {
    get: () => (copy ??= copySlugger(slugger)),
    enumerable: true,
  })
}
