import { displayName } from '../format.ts'
import type { ComposerTranslation } from 'vue-i18n'

/** The model name the built-in offline writer signs its articles with (server/src/generation/offline-writer.ts). */
export const offlineWriterModel = 'portrait-offline-writer'

/** Who wrote a portrait, as a reader reads it: a model's own name, or "the offline writer". */
export const modelLabel = (model: string | null | undefined, t: ComposerTranslation) =>
  !model ? '' : model === offlineWriterModel ? t('model.offline') : model

/** A BCP 47 tag named in the reader's language ("fr" → "French", "français"). */
export const languageName = (tag: string, locale: string) => displayName('language', tag, locale)

export interface PortraitOptions {
  language: string
  length: string
  tone: string
}

export const sameOptions = (a: PortraitOptions, b: PortraitOptions) => a.language === b.language && a.length === b.length && a.tone === b.tone
