/** Which word lists read a portrait's language. */
import type { Lexicon } from './lexicon.ts'
import { en } from './lexicon-en.ts'
import { fr } from './lexicon-fr.ts'

/** The word lists for a language tag ("fr-CA" reads as French), or null when the language is not covered. */
export function lexiconFor(language: string): Lexicon | null {
  const base = language.toLowerCase().split(/[-_]/)[0]
  return base === 'en' ? en : base === 'fr' ? fr : null
}
