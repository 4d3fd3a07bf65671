// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { i18n, preferredLocale, setLocale } from './i18n.ts'
import { en } from './locales/en.ts'
import { fr } from './locales/fr.ts'

/** Every key of a message tree, as "a.b.c". */
const keys = (tree: object, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) => (typeof value === 'object' ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`]))

describe('the interface’s languages', () => {
  it('follows the first browser language it speaks, else English', () => {
    expect(preferredLocale(['fr-CA', 'en'])).toBe('fr')
    expect(preferredLocale(['de-DE', 'en-GB'])).toBe('en')
    expect(preferredLocale(['de-DE'])).toBe('en')
    expect(preferredLocale([])).toBe('en')
  })

  it('has every English message in French, with the same placeholders', () => {
    expect(keys(fr).sort()).toEqual(keys(en).sort())
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort()
    const lookup = (tree: object, key: string) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree) as string
    for (const key of keys(en)) expect(placeholders(lookup(fr, key)), key).toEqual(placeholders(lookup(en, key)))
  })

  it('puts 0 with 1 in French and with the plural in English', () => {
    const { t } = i18n.global
    setLocale('fr')
    expect(t('collection.count', { count: '0' }, 0)).toBe('0 artiste')
    expect(t('collection.count', { count: '2' }, 2)).toBe('2 artistes')
    setLocale('en')
    expect(t('collection.count', { count: '0' }, 0)).toBe('0 artists')
    expect(t('collection.count', { count: '1' }, 1)).toBe('1 artist')
    expect(document.documentElement.getAttribute('lang')).toBe('en')
  })
})
