import MarkdownIt from 'markdown-it'
import anchor from 'markdown-it-anchor'

/** Ids for headings, shared by the renderer and the outline so links land where they point. */
export function slugify(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/\p{Diacritic}/gu, '')
      .toLowerCase()
      .replace(/[^\p{Letter}\p{Number}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'section'
  )
}

export type Markdown = InstanceType<typeof MarkdownIt>

const safeLink = /^(https?:|mailto:|#)/i

/**
 * markdown-it for untrusted model output: raw HTML is shown as text, links are kept only when they
 * are http(s), mailto or in-page anchors, and external ones cannot reach back to this page.
 */
export function createMarkdown(): Markdown {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: true })
  md.validateLink = (url) => safeLink.test(url.trim())
  md.use(anchor, { slugify, tabIndex: false })
  const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options))
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!
    if (!String(token.attrGet('href') ?? '').startsWith('#')) {
      token.attrSet('target', '_blank')
      token.attrSet('rel', 'noopener noreferrer')
    }
    return defaultLinkOpen(tokens, idx, options, env, self)
  }
  return md
}
