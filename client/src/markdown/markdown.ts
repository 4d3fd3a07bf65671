import GithubSlugger from 'github-slugger'
import MarkdownIt from 'markdown-it'
import anchor from 'markdown-it-anchor'

export type Markdown = InstanceType<typeof MarkdownIt>

/**
 * What a render carries. `slugger` numbers repeated heading titles (`albums`, `albums-1`...): one
 * render makes its own, and the streaming renderer passes one through the renders of an article's
 * blocks so that the ids are those of the whole article. `references` is markdown-it's own table
 * of link reference definitions.
 */
export type MarkdownEnv = {
  slugger?: GithubSlugger
  references?: Record<string, { href: string; title: string }>
}

const safeLink = /^(https?:|mailto:|#)/i

/**
 * markdown-it for untrusted model output: raw HTML is shown as text, links are kept only when they
 * are http(s), mailto or in-page anchors, and external ones cannot reach back to this page. Bare
 * URLs become links (GFM's autolinks); tables and strikethrough are markdown-it's own.
 */
export function createMarkdown(): Markdown {
  const md = new MarkdownIt({ html: false, linkify: true, typographer: true })
  md.validateLink = (url) => safeLink.test(url.trim())
  md.use(anchor, {
    slugifyWithState: (title, state) => ((state.env as MarkdownEnv).slugger ??= new GithubSlugger()).slug(title),
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
  // An image from elsewhere would make every reader's browser call that site as the text streams
  // (with the page's address, unless the policy stops it): it is shown as a link to the image.
  const defaultImage = md.renderer.rules.image ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options))
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx]!
    const src = String(token.attrGet('src') ?? '')
    if (!remote.test(src)) return defaultImage(tokens, idx, options, env, self)
    const alt = self.renderInlineAsText(token.children ?? [], options, env)
    const href = md.utils.escapeHtml(src)
    return `<a href="${href}" target="_blank" rel="noopener noreferrer" class="remote-image">${md.utils.escapeHtml(alt || src)}</a>`
  }
  return md
}

/** An address on another site: with a scheme, or protocol-relative. */
const remote = /^([a-z][a-z0-9+.-]*:|\/\/)/i
