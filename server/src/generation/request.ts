import type { ArticleErrorEvent, ArticleOptions, GenerateRequest } from '@portrait/schema/services'
import { errorEvent } from './events.ts'
import { baseLanguage, canonicalLanguage, languageName } from './language.ts'
import type { ArticleWriter } from './writer.ts'

/** The options of a request made canonical, or why they cannot be honoured. */
export function checkRequest({ options, resume }: GenerateRequest, writer: ArticleWriter): ArticleOptions | ArticleErrorEvent {
  const language = canonicalLanguage(options.language)
  if (!language) {
    return errorEvent(null, 'INVALID_OPTIONS', `"${options.language.slice(0, 40)}" is not a language tag: use a BCP 47 tag such as "en", "fr" or "pt-BR".`)
  }
  if (writer.languages && !writer.languages.includes(baseLanguage(language))) {
    const list = writer.languages.map((tag) => `"${tag}"`).join(' and ')
    return errorEvent(null, 'INVALID_OPTIONS', `The offline writer writes in ${list} only: configure a language model (LLM_BASE_URL) to write in ${languageName(language)}.`)
  }
  if (resume && (!Number.isInteger(resume.offset) || resume.offset < 0)) {
    return errorEvent(null, 'INVALID_OPTIONS', 'resume.offset must be a character offset, 0 or more.')
  }
  return { ...options, language }
}

/** The key under which one generation serves every reader asking for the same thing. */
export const keyOf = (artistId: string, { language, length, tone }: ArticleOptions) => `${artistId}:${language}:${length}:${tone}`
