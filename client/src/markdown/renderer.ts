import { BlockSplitter } from './blocks.ts'
import { createMarkdown, type Markdown, type MarkdownEnv } from './markdown.ts'
import { closeUnfinished } from './unfinished.ts'

export interface RenderedBlock {
  /** Stable while the block exists: its position in the document. */
  key: number
  html: string
}

export interface StreamRenderer {
  /** Renders the text so far: finished blocks from the cache, the growing tail anew. */
  render(text: string): { blocks: readonly RenderedBlock[]; tail: string }
  /** How many times markdown-it ran, for tests and the benchmark. */
  readonly renders: number
}

/**
 * Renders a streaming article by blocks. Re-parsing the whole document on every chunk would be
 * quadratic over a long article; here a finished block is parsed once, and each update parses
 * only the last block, however long the article grows.
 */
export function createStreamRenderer(md: Markdown = createMarkdown()): StreamRenderer {
  const splitter = new BlockSplitter()
  const rendered: RenderedBlock[] = []
  // Ids taken by the finished blocks; the tail numbers its headings on a copy, since it is
  // rendered again on every chunk until it is finished.
  const headingIds = new Set<string>()
  let renders = 0
  const html = (source: string, env: MarkdownEnv) => {
    renders++
    return md.render(source, env)
  }
  return {
    get renders() {
      return renders
    },
    render(text) {
      const { blocks, tail, reset } = splitter.update(text)
      if (reset) {
        rendered.length = 0
        headingIds.clear()
      }
      for (let i = rendered.length; i < blocks.length; i++) rendered.push({ key: i, html: html(blocks[i]!, { headingIds }) })
      return { blocks: rendered, tail: tail.trim() ? html(closeUnfinished(tail), { headingIds: new Set(headingIds) }) : '' }
    },
  }
}
