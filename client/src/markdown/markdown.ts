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

/**
 * The id a heading gets given those already in the article: a repeated title is numbered the way
 * markdown-it-anchor numbers it within one render (`notes`, `notes-1`...), but across the whole
 * article, which the renderer renders block by block.
 */
export function uniqueSlug(slug: string, taken: Set<string>): string {
  let id = slug
  for (let n = 1; taken.has(id); n++) id = `${slug}-${n}`
  taken.add(id)
  return id
}

export type Markdown = InstanceType<typeof MarkdownIt>

/** What a render may carry: the heading ids already given earlier in the same article. */
export type MarkdownEnv = {
  headingIds?: Set<string>
}

const safeLink = /^(https?:|mailto:|#)/i

/**
 * markdown-it for untrusted model output: raw HTML is shown as text, links are kept only when they
 * are http(s), mailto or in-page anchors, and external ones cannot reach back to this page.
 */
export function createMarkdown(): Markdown {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: true })
  md.validateLink = (url) => safeLink.test(url.trim())
  md.use(anchor, {
    slugifyWithState: (title, state) => {
      const { headingIds } = state.env as MarkdownEnv
      return headingIds ? uniqueSlug(slugify(title), headingIds) : slugify(title)
    },
    tabIndex: false,
  })
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
