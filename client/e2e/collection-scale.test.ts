import { openDatabase } from '../../prisma/src/index.ts'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDataDir } from '../../prisma/test/databases.ts'
import { spawnServer, type ServerProcess } from '../../server/test/tprocess.ts'
import { output, useBrowser } from './tapp.ts'

/**
 * The collection page over 20,000 artists (about 60,000 albums): the first page, a jump to a
 * letter, a search, Back after an artist, the orders and a format filter in the address, on a
 * desktop and a 390 px phone, in English and French. Prints its timings; bounds are generous,
 * as this machine is shared.
 */
const artistCount = 20_000
const formats = ['VINYL', 'CD', 'CASSETTE', 'DIGITAL'] as const
const first = ['Amber', 'Blue', 'Crimson', 'Delta', 'Echo', 'Fable', 'Golden', 'Harbor', 'Iron', 'Jade', 'Kilo', 'Lunar', 'Marble', 'Nova', 'Opal', 'Paper', 'Quiet', 'Rust', 'Silver', 'Tidal', 'Umber', 'Velvet', 'Willow', 'Xenon', 'Yellow', 'Zephyr', 'Électrique', '99', 'The']
const second = ['Anchors', 'Birds', 'Circuits', 'Dunes', 'Engines', 'Foxes', 'Gardens', 'Hollows', 'Islands', 'Jets', 'Kites', 'Lanterns', 'Mirrors', 'Needles', 'Orchards', 'Pilots', 'Rivers', 'Sparks', 'Tigers', 'Voyagers']

const sqlList = (words: readonly string[]) => `array[${words.map((word) => `'${word}'`).join(', ')}]`

/**
 * Seeds a fresh embedded database with generated rows, made by the database itself (a few
 * statements over generate_series): rows sent one by one from here would take far longer. The
 * derived columns are spelled as the app would fold them (these names have no other accents).
 */
async function seedLarge(dataDir: string): Promise<number> {
  const db = await openDatabase({ dataDir })
  await db.migrate()
  const fold = (column: string) => `translate(lower(${column}), 'é', 'e')`
  await db.prisma.$executeRawUnsafe(`
    insert into artists (id, name, sort_name, slug, sort_key, name_key, search_text, genres, country, links, edited_fields, created_at, updated_at)
    select gen_random_uuid(), name, name, 'artist-' || i, ${fold('name')}, ${fold('name')}, ${fold('name')},
      array[(${sqlList(['rock', 'jazz', 'folk', 'electronic'])})[i % 4 + 1]], 'GB', '[]', '{}',
      timestamptz '2020-01-01' + i * interval '1 minute', now()
    from (
      select i, case when i = 12345 then 'Zanzibar Moonlight Orchestra'
        else (${sqlList(first)})[i % ${first.length} + 1] || ' ' || (${sqlList(second)})[(i / ${first.length}) % ${second.length} + 1] || ' ' || (i / ${first.length * second.length} + 1) end as name
      from generate_series(0, ${artistCount - 1}) as i
    ) as generated`)
  // Up to six albums an artist: "Record 1 of …", in every format in turn.
  await db.prisma.$executeRawUnsafe(`
    insert into albums (id, artist_id, title, title_key, year, label, format)
    select gen_random_uuid(), a.id, 'Record ' || k || ' of ' || a.name, ${fold(`'record ' || k || ' of ' || a.name`)},
      1960 + (n + k - 1) % 60, 'Label ' || n % 50, (${sqlList(formats)})[(n + k - 1) % 4 + 1]::album_format
    from (select id, name, substr(slug, 8)::int as n from artists) as a
      join lateral generate_series(1, a.n % 7) as k on true`)
  const albums = await db.prisma.album.count()
  await db.close()
  return albums
}

let server: ServerProcess
let remove = () => {}
let albumTotal = 0
beforeAll(async () => {
  const dir = tempDataDir()
  remove = dir.remove
  const started = performance.now()
  albumTotal = await seedLarge(dir.dataDir)
  console.log(`seeded ${artistCount} artists and ${albumTotal} albums in ${Math.round(performance.now() - started)} ms`)
  server = await spawnServer({ DATA_DIR: dir.dataDir })
}, 120_000)
afterAll(async () => {
  await server?.stop()
  remove()
})
const openTab = useBrowser()

const figures: Record<string, number> = {}
const cards = (page: Page) => page.locator('.artists > li .name').allInnerTexts()
const firstCard = async (page: Page) => (await cards(page))[0] ?? ''
/** The card at the top of the screen, as the reader sees it. */
const topCard = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('.artists > li')].filter((li) => li.getBoundingClientRect().bottom > 80).sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top || a.getBoundingClientRect().left - b.getBoundingClientRect().left)[0]?.querySelector('.name')?.textContent ?? '')
const shoot = (page: Page, name: string) => page.screenshot({ path: `${output}collection-${name}.png` })
async function timed<T>(name: string, run: () => Promise<T>): Promise<T> {
  const started = performance.now()
  const result = await run()
  figures[name] = Math.round(performance.now() - started)
  return result
}

afterAll(() => console.log('collection at scale (ms):', JSON.stringify(figures)))

describe('a collection of 20,000 artists', () => {
  it('on a desktop: first page, a letter, a search, Back, the orders and a format that survives reload', async () => {
    const page = await openTab(server.url)
    await timed('firstPage', async () => {
      await page.goto(`${server.url}/`)
      await page.locator('.artists > li').first().waitFor()
      await expect.poll(() => page.locator('.count').innerText()).toContain('20,000 artists')
    })
    expect(figures.firstPage).toBeLessThan(15_000)
    expect(await page.locator('.count').innerText()).toContain(`${albumTotal.toLocaleString('en')} albums`)
    // Cards say how many albums each artist has, and link the newest.
    expect(await page.locator('.artists > li').first().locator('.album-count').innerText()).toMatch(/^\d+ albums?$/)
    // Only what is on screen is drawn.
    expect(await page.locator('.artists > li').count()).toBeLessThan(100)
    await shoot(page, 'desktop-first')

    // The A–Z index: S starts the list at the first S.
    await timed('jumpToS', async () => {
      await page.getByRole('navigation', { name: 'Jump to a letter' }).getByRole('link', { name: /^S: / }).click()
      await expect.poll(() => firstCard(page)).toMatch(/^S/)
    })
    expect(figures.jumpToS).toBeLessThan(8000)
    expect(page.url()).toContain('from=S')
    expect(await firstCard(page)).toMatch(/^Silver Anchors/)
    await shoot(page, 'desktop-jump-s')

    // A search, by a word of the name.
    await timed('search', async () => {
      await page.getByLabel('Search artists').fill('zanzibar')
      await expect.poll(() => cards(page)).toEqual(['Zanzibar Moonlight Orchestra'])
    })
    expect(figures.search).toBeLessThan(8000)
    await page.getByLabel('Search artists').fill('')
    await expect.poll(async () => (await cards(page)).length).toBeGreaterThan(5)

    // Deep into the list, page after page loaded by scrolling, then an artist and Back.
    await page.goto(`${server.url}/`)
    await page.locator('.artists > li').first().waitFor()
    const scrolled = await timed('scroll600', async () => {
      for (let i = 0; i < 60; i++) {
        await page.mouse.wheel(0, 3000)
        await page.waitForTimeout(60)
        const last = await page.locator('.artists > li').last().getAttribute('aria-posinset')
        if (Number(last) > 600) break
      }
      await page.waitForTimeout(300)
      return page.evaluate(() => Math.round(window.scrollY))
    })
    expect(scrolled).toBeGreaterThan(10_000)
    const name = await topCard(page)
    const y = await page.evaluate(() => Math.round(window.scrollY))
    await page.locator('.artists > li').filter({ hasText: name }).getByRole('link', { name, exact: true }).click()
    await page.getByRole('heading', { level: 1, name, exact: true }).waitFor()
    await timed('back', async () => {
      await page.goBack()
      await expect.poll(() => page.evaluate(() => Math.round(window.scrollY))).toBe(y)
      await expect.poll(() => topCard(page)).toBe(name)
    })
    expect(figures.back).toBeLessThan(8000)
    await shoot(page, 'desktop-back')

    // Most albums first: six is the most any artist has here.
    await page.evaluate(() => window.scrollTo(0, 0))
    await timed('sortAlbums', async () => {
      await page.getByLabel('Order').selectOption('albums')
      await expect.poll(() => page.url()).toContain('sort=albums')
      await expect.poll(() => page.locator('.artists > li').first().locator('.album-count').innerText()).toBe('6 albums')
    })
    expect(await page.getByRole('navigation', { name: 'Jump to a letter' }).count()).toBe(0)

    // A format, kept by the address through a reload.
    await page.getByLabel('Format').selectOption('CD')
    await expect.poll(() => page.url()).toContain('format=CD')
    await expect.poll(() => page.locator('.count').innerText()).toMatch(/^[\d,]+ artists · [\d,]+ albums$/)
    const filtered = await page.locator('.count').innerText()
    expect(filtered).not.toContain('20,000 artists')
    await timed('reload', async () => {
      await page.reload()
      await page.locator('.artists > li').first().waitFor()
    })
    expect(await page.getByLabel('Format').inputValue()).toBe('CD')
    expect(await page.getByLabel('Order').inputValue()).toBe('albums')
    await expect.poll(() => page.locator('.count').innerText()).toBe(filtered)
    await shoot(page, 'desktop-cd-by-albums')

    // An album, from a card.
    const album = page.locator('.artists > li').first().locator('a.latest')
    const title = (await album.innerText()).replace(/ \(\d+\)$/, '')
    await album.click()
    await page.getByRole('heading', { level: 1, name: title }).waitFor()
    expect(await page.locator('.details').innerText()).toMatch(/Year\s+\d{4}[\s\S]*Label\s+Label \d+[\s\S]*Format\s+(vinyl|CD|cassette|digital)[\s\S]*Genres\s+\w+/)
    await shoot(page, 'desktop-album')
  }, 180_000)

  it('on a 390 px phone, in French: the index, a letter, nothing wider than the screen', async () => {
    const page = await openTab(server.url, { viewport: { width: 390, height: 844 }, locale: 'fr-FR', isMobile: true, hasTouch: true })
    await timed('phoneFirstPage', async () => {
      await page.goto(`${server.url}/`)
      await page.locator('.artists > li').first().waitFor()
      await expect.poll(() => page.locator('.count').innerText()).toMatch(/20\s000 artistes/)
    })
    expect(await page.locator('.count').innerText()).toMatch(/albums/)
    await page.getByRole('navigation', { name: 'Aller à une lettre' }).getByRole('link', { name: /^S : / }).click()
    await expect.poll(() => firstCard(page)).toMatch(/^S/)
    expect(await page.locator('.count').innerText()).toContain('à partir de S')
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((element) => element.getBoundingClientRect().right > window.innerWidth + 1 || element.getBoundingClientRect().left < -1)
        .map((element) => `${element.tagName.toLowerCase()}.${element.className}`),
    )
    expect(wide).toEqual([])
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await shoot(page, 'phone-fr-s')
    await page.mouse.wheel(0, 4000)
    await page.waitForTimeout(500)
    await shoot(page, 'phone-fr-scrolled')
  }, 120_000)
})
