import { slug } from 'github-slugger'

// VueUse has no download helper; an object URL on a temporary link is the whole of it.
/** Offers text as a file download. */
export function downloadText(text: string, filename: string, type = 'text/markdown') {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

/** A date as the reader's calendar gives it, in ISO order: "2026-12-07". */
const isoDay = (date: Date) => `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`

/**
 * A portrait's file name, after the artist (accents dropped), the language it is written in and
 * the day it was begun (today when unknown): "bjork-fr-2026-12-07.md".
 */
export function portraitFileName(artistName: string, language: string, startedAt: number | null, now: number = Date.now()): string {
  const name = slug(artistName.normalize('NFD').replace(/\p{M}/gu, '')) || 'portrait'
  return `${name}-${language}-${isoDay(new Date(startedAt ?? now))}.md`
}
