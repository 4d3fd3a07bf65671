import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { scrollRest, shot, useBrowser, useServer } from './tapp.ts'

const server = useServer()
const openTab = useBrowser()

const cards = (page: Page) => page.locator('.artists > li .name').allInnerTexts()
const scrollY = (page: Page) => page.evaluate(() => Math.round(window.scrollY))

describe('Back and Forward in the collection', () => {
  it('restore the cards, every page loaded and the scroll position after an artist', async () => {
    const page = await openTab(server().url)
    await page.goto(`${server().url}/`)
    await expect.poll(() => page.locator('.count').innerText()).toContain('78 artists')
    // The grid draws what is on screen only; pages load as the reader scrolls.
    await expect.poll(async () => (await cards(page)).length).toBeGreaterThan(10)
    expect((await cards(page)).length).toBeLessThan(78)
    // Down to an artist of the second page, as a reader browsing would be.
    for (let i = 0; i < 20 && Number(await page.locator('.artists > li').last().getAttribute('aria-posinset')) < 70; i++) {
      await page.mouse.wheel(0, 600)
      await page.waitForTimeout(100)
    }
    await expect.poll(() => scrollY(page)).toBeGreaterThan(800)
    const y = await scrollRest(page)
    const before = await cards(page)
    const target = page.locator('.artists > li[aria-posinset="65"]')
    await target.scrollIntoViewIfNeeded()
    const y2 = await scrollRest(page)
    const shown = await cards(page)
    const name = await target.locator('.name').innerText()
    expect(y2).toBeGreaterThanOrEqual(y)
    expect(before.length).toBeGreaterThan(0)
    await target.getByRole('link', { name, exact: true }).click()
    await page.getByRole('heading', { level: 1, name, exact: true }).waitFor()

    await page.goBack()
    await expect.poll(() => scrollY(page)).toBe(y2)
    await expect.poll(() => cards(page)).toEqual(shown)
    expect(await page.locator('.count').innerText()).toContain('78 artists')
    await shot(page, 'back-to-collection')
    // Every page stays loaded: the end of the list is the 78th artist, each once.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight))
    await expect.poll(() => page.locator('.artists > li').last().getAttribute('aria-posinset')).toBe('78')
    const end = await cards(page)
    expect(new Set(end).size).toBe(end.length)

    await page.goForward()
    await page.getByRole('heading', { level: 1, name, exact: true }).waitFor()
    await page.goBack()
    await expect.poll(() => page.locator('.artists > li').last().getAttribute('aria-posinset')).toBe('78')
  })

  it('make each search and genre an entry of its own, a word typed in one go being one', async () => {
    const page = await openTab(server().url)
    await page.goto(`${server().url}/`)
    await expect.poll(() => page.locator('.count').innerText()).toContain('78 artists')
    await expect.poll(async () => (await cards(page)).length).toBeGreaterThan(10)
    const all = await cards(page)
    const search = page.getByLabel('Search artists')
    await search.pressSequentially('miles', { delay: 40 })
    await expect.poll(() => cards(page)).toEqual(['Miles Davis'])
    await page.getByLabel('Genre').selectOption('jazz')
    await expect.poll(() => page.url()).toContain('genre=jazz')
    await expect.poll(() => cards(page)).toEqual(['Miles Davis'])
    await search.fill('')
    await expect.poll(async () => (await cards(page)).length).toBeGreaterThan(1)
    const jazz = await cards(page)
    expect(jazz).toContain('John Coltrane')

    // Back: the jazz search, then the jazz genre with "miles", then "miles", then everything.
    await page.goBack()
    await expect.poll(() => search.inputValue()).toBe('miles')
    expect(await page.getByLabel('Genre').inputValue()).toBe('jazz')
    await page.goBack()
    await expect.poll(() => page.getByLabel('Genre').inputValue()).toBe('')
    await expect.poll(() => cards(page)).toEqual(['Miles Davis'])
    await page.goBack()
    await expect.poll(() => search.inputValue()).toBe('')
    await expect.poll(() => cards(page)).toEqual(all)
    expect(new URL(page.url()).search).toBe('')
    // Forward again, all the way.
    await page.goForward()
    await expect.poll(() => cards(page)).toEqual(['Miles Davis'])
    await page.goForward()
    await page.goForward()
    await expect.poll(() => cards(page)).toEqual(jazz)
    await shot(page, 'forward-to-genre')

    // Back after an artist opened from a search returns to that search, with its results.
    await page.getByRole('link', { name: 'Miles Davis', exact: true }).click()
    await page.getByRole('heading', { level: 1, name: 'Miles Davis', exact: true }).waitFor()
    await page.goBack()
    await expect.poll(() => cards(page)).toEqual(jazz)
    expect(await page.getByLabel('Genre').inputValue()).toBe('jazz')
  })
})
