import { useLocalStorage } from '@vueuse/core'
import { watch } from 'vue'
import { createI18n } from 'vue-i18n'
import { en } from './locales/en.ts'
import { fr } from './locales/fr.ts'

export const locales = ['en', 'fr'] as const
export type Locale = (typeof locales)[number]

const isLocale = (value: string): value is Locale => (locales as readonly string[]).includes(value)

/** The first of the browser's preferred languages the app speaks, else English. */
export function preferredLocale(languages: readonly string[] = globalThis.navigator?.languages ?? []): Locale {
  for (const tag of languages) {
    const base = tag.toLowerCase().split('-')[0]!
    if (isLocale(base)) return base
  }
  return 'en'
}

/** The reader's choice, once made, wins over the browser's languages, in every tab. */
const chosen = useLocalStorage<string>('portrait:locale', '', { writeDefaults: false })

export const i18n = createI18n({
  legacy: false,
  locale: isLocale(chosen.value) ? chosen.value : preferredLocale(),
  fallbackLocale: 'en',
  messages: { en, fr },
  // French puts 0 with 1 ("0 artiste"), where English says "0 artists".
  pluralRules: { fr: (choice, choices) => (choices === 2 ? (Math.abs(choice) > 1 ? 1 : 0) : Math.min(Math.abs(choice), choices - 1)) },
  datetimeFormats: {
    en: { short: { dateStyle: 'medium' }, long: { dateStyle: 'medium', timeStyle: 'short' } },
    fr: { short: { dateStyle: 'medium' }, long: { dateStyle: 'medium', timeStyle: 'short' } },
  },
  numberFormats: {
    en: { integer: { maximumFractionDigits: 0 }, decimal: { minimumFractionDigits: 1, maximumFractionDigits: 1 }, percent: { style: 'percent' } },
    fr: { integer: { maximumFractionDigits: 0 }, decimal: { minimumFractionDigits: 1, maximumFractionDigits: 1 }, percent: { style: 'percent' } },
  },
})

/** Switches the interface's language and remembers the choice. */
export function setLocale(locale: Locale) {
  chosen.value = locale
  i18n.global.locale.value = locale
}

// Screen readers and hyphenation read the page in the language it is written in.
watch(i18n.global.locale, (locale) => document.documentElement.setAttribute('lang', locale), { immediate: true })
