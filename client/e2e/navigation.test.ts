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
    await expect.poll(async () => (await cards(page)).length).toBe(24)
    await page.getByRole('button', { name: 'Load more' }).click()
    await expect.poll(async () => (await cards(page)).length).toBe(48)
    const before = await cards(page)
    // Down to an artist of the second page, as a reader browsing would be.
    const target = page.locator('.artists > li').nth(40)
    await target.scrollIntoViewIfNeeded()
    await page.mouse.wheel(0, 200)
    await expect.poll(() => scrollY(page)).toBeGreaterThan(800)
    const y = await scrollRest(page)
    const name = await target.locator('.name').innerText()
    await target.getByRole('link').click()
    await page.getByRole('heading', { level: 1, name, exact: true }).waitFor()

    await page.goBack()
    await expect.poll(() => cards(page)).toEqual(before)
    await expect.poll(() => scrollY(page)).toBe(y)
    expect(await page.locator('.count').innerText()).toContain('78 artists')
    await shot(page, 'back-to-collection')
    // Loading more goes on after the 48, not from the second page again.
    await page.getByRole('button', { name: 'Load more' }).click()
    await expect.poll(async () => (await cards(page)).length).toBe(72)
    expect(new Set(await cards(page)).size).toBe(72)

    await page.goForward()
    await page.getByRole('heading', { level: 1, name, exact: true }).waitFor()
    await page.goBack()
    await expect.poll(async () => (await cards(page)).length).toBe(72)
  })

  it('make each search and genre an entry of its own, a word typed in one go being one', async () => {
    const page = await openTab(server().url)
    await page.goto(`${server().url}/`)
    await expect.poll(async () => (await cards(page)).length).toBe(24)
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
