import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { shot, statusLine, useBrowser, useServer, writeButton } from './tapp.ts'

// Slow enough to look at the page while a portrait is written.
const server = useServer({ OFFLINE_WRITER_TOKENS_PER_SECOND: '15' })
const openTab = useBrowser()
const width = 390

/**
 * What does not fit a phone: an element reaching past the screen's edges (in a scrolling row too,
 * where it is cut off), text cut off by its box (overflow hidden or an ellipsis), a word or a
 * number broken across lines, and the header's title touching its links.
 */
async function misfits(page: Page): Promise<string[]> {
  return page.evaluate((width) => {
    const problems: string[] = []
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`
    if (document.documentElement.scrollWidth > width) problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth}px`)
    for (const el of document.querySelectorAll<HTMLElement>('.site-main *, .site-header *')) {
      const style = getComputedStyle(el)
      if (style.display === 'none' || style.visibility === 'hidden' || el.closest('.visually-hidden, .skip-link, pre, .jump')) continue
      const rect = el.getBoundingClientRect()
      if (!rect.width || !rect.height) continue
      // Tables may scroll sideways in a wrapper of their own; their cells are checked for broken words below.
      if (!el.closest('table') && (rect.right > width + 0.5 || rect.left < -0.5)) problems.push(`past the edge (${Math.round(rect.left)}–${Math.round(rect.right)}): ${name(el)}`)
      const cuts = style.textOverflow === 'ellipsis' || style.overflowX === 'hidden' || style.overflow === 'hidden'
      if (cuts && el.scrollWidth > el.clientWidth + 1 && (el.textContent ?? '').trim()) problems.push(`text cut off: ${name(el)}`)
    }
    // Words (years, numbers with their grouping spaces, button labels) broken across lines.
    const walker = document.createTreeWalker(document.querySelector('#app')!, NodeFilter.SHOW_TEXT)
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement
      if (!parent || parent.closest('.visually-hidden, pre, code') || getComputedStyle(parent).display === 'none') continue
      const text = node.textContent ?? ''
      for (const match of text.matchAll(/[^\s]+|\d[\d\u202f\u00a0]*\d/g)) {
        if (match[0].length < 2 || /[-–—/]/.test(match[0])) continue
        const range = document.createRange()
        range.setStart(node, match.index)
        range.setEnd(node, match.index + match[0].length)
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)))
        if (lines.size > 1) problems.push(`"${match[0]}" broken across lines in ${name(parent)}`)
      }
    }
    const brand = document.querySelector('.brand')!.getBoundingClientRect()
    const first = document.querySelector('.site-nav a')!.getBoundingClientRect()
    if (Math.abs(brand.top - first.top) < brand.height && first.left - brand.right < 12) problems.push(`the title touches the links: ${Math.round(first.left - brand.right)}px apart`)
    return problems
  }, width)
}

describe('the artist page on a phone', () => {
  for (const language of ['en', 'fr'] as const) {
    it(`fits 390 px in ${language === 'en' ? 'English' : 'French'}: writing, saved, and the edit forms`, async () => {
      const page = await openTab(server().url, { viewport: { width, height: 800 }, locale: language === 'fr' ? 'fr-FR' : 'en-GB', isMobile: true, hasTouch: true })
      await page.goto(`${server().url}/?q=homogenic`)
      await page.getByRole('link', { name: 'Björk', exact: true }).click()
      await page.getByRole('heading', { level: 1, name: 'Björk', exact: true }).waitFor()
      await writeButton(page).click()
      await expect.poll(() => statusLine(page)).toMatch(/Writing|Écriture|En cours/)
      await page.waitForTimeout(1500)
      await shot(page, `phone-${language}-writing`)
      expect(await misfits(page), 'writing').toEqual([])
      await expect.poll(() => page.locator('form.generate button[type=submit]').isEnabled(), { timeout: 90_000 }).toBe(true)
      await page.waitForTimeout(300)
      await shot(page, `phone-${language}-saved`)
      expect(await misfits(page), 'saved').toEqual([])
      await page.locator('.artist-header + p.muted button.edit').click()
      await page.locator('form.artist-editor').waitFor()
      await page.locator('ul.albums button.edit').first().click()
      await page.locator('form.album-editor').waitFor()
      await shot(page, `phone-${language}-editing`)
      expect(await misfits(page), 'editing').toEqual([])
    }, 150_000)
  }
})
