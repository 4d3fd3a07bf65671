const names = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' })

/**
 * The canonical form of a BCP 47 language tag ("EN" → "en", "pt-br" → "pt-BR"), or null when the
 * text is not a tag of a language `Intl` can name.
 */
export function canonicalLanguage(tag: string): string | null {
  if (tag.length > 35) return null
  try {
    const [canonical] = Intl.getCanonicalLocales(tag)
    return canonical && names.of(new Intl.Locale(canonical).language) ? canonical : null
  } catch {
    return null
  }
}

/** The language's English name for the prompt: "French", "Brazilian Portuguese". */
export function languageName(tag: string): string {
  return names.of(tag) ?? names.of(new Intl.Locale(tag).language) ?? tag
}

/** The language without region or script: "pt" for "pt-BR". */
export const baseLanguage = (tag: string) => new Intl.Locale(tag).language
