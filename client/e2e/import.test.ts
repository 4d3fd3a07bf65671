import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDataDir } from '../../prisma/test/databases.ts'
import { spawnServer, type ServerProcess } from '../../server/test/tprocess.ts'
import { launchBrowser, offlineContext } from './browser.ts'
import { axeViolations } from './tapp.ts'

const output = fileURLToPath(new URL('./output/', import.meta.url))
mkdirSync(output, { recursive: true })
const fixtures = fileURLToPath(new URL('../../server/test/fixtures/', import.meta.url))

// The server may import from this folder: the tagged fixtures 200 times over (2,400 files), so
// the scan lasts long enough to watch its progress bar move.
const root = mkdtempSync(join(tmpdir(), 'portrait-e2e-import-'))
for (let i = 0; i < 200; i++) cpSync(join(fixtures, 'music/library'), join(root, 'Music', `copy-${i}`), { recursive: true })

let server: ServerProcess
let browser: Awaited<ReturnType<typeof launchBrowser>>
const cleanups: (() => unknown)[] = [() => rmSync(root, { recursive: true, force: true })]

beforeAll(async () => {
  const dir = tempDataDir()
  cleanups.push(dir.remove)
  server = await spawnServer({ DATA_DIR: dir.dataDir, IMPORT_ROOTS: root, OFFLINE_WRITER_TOKENS_PER_SECOND: '200' })
  browser = await launchBrowser()
}, 120_000)
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  for (const cleanup of cleanups) await cleanup()
})

async function openPage(width = 1100): Promise<Page> {
  const { context, blocked } = await offlineContext(browser.browser, server.url)
  cleanups.unshift(async () => {
    expect(blocked).toEqual([])
    await context.close()
  })
  const page = await context.newPage()
  await page.setViewportSize({ width, height: 900 })
  return page
}

const count = (page: Page) => page.locator('.site-main p.muted[aria-live]').innerText()

describe('bringing a collection into the web app', () => {
  it('greets an empty collection with what to do, and loads the demo in one click', async () => {
    const page = await openPage()
    await page.goto(`${server.url}/`)
    await page.getByRole('heading', { name: 'Your collection is empty' }).waitFor()
    expect(await page.getByText('No artist matches').count()).toBe(0)
    await page.screenshot({ path: `${output}first-run.png`, fullPage: true })
    expect(await axeViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Load the demo collection' }).click()
    await expect.poll(() => count(page), { timeout: 20_000 }).toMatch(/^78 artists/)
    expect(await page.getByRole('heading', { name: 'Your collection is empty' }).count()).toBe(0)
  })

  it('imports a Discogs export and a music folder with a moving progress bar, then writes a portrait of an artist only the import brought', async () => {
    const page = await openPage()
    await page.goto(`${server.url}/`)
    await page.getByRole('link', { name: 'Import', exact: true }).click()
    await page.getByRole('heading', { name: 'Import your collection' }).waitFor()

    await page.locator('input[type=file]').setInputFiles(join(fixtures, 'collections/discogs-collection.csv'))
    await expect.poll(() => page.locator('.report').innerText().catch(() => ''), { timeout: 20_000 }).toContain('albums added')
    const discogs = await page.locator('.report').innerText()
    // Crosby, Stills, Nash & Young and Prince And The Revolution are new; the other four were in the demo.
    expect(discogs).toMatch(/8 entries read · 2 artists added, \d+ completed/)
    expect(discogs).toContain('1 compilation left out')

    await page.getByLabel('Music folder on the server').fill(join(root, 'Music'))
    await page.getByRole('button', { name: 'Import folder' }).click()
    // The Discogs report stays until the folder's job replaces it.
    await page.getByRole('heading', { level: 2, name: join(root, 'Music') }).waitFor()
    const seen: number[] = []
    await expect
      .poll(
        async () => {
          // Read without waiting: the bar is gone once the import ends.
          const value = await page.evaluate(() => document.querySelector('progress')?.getAttribute('value') ?? null)
          if (value !== null && Number(value) > 0) seen.push(Number(value))
          if (seen.length === 1) await page.screenshot({ path: `${output}import-progress.png`, fullPage: true })
          return page.getByRole('status').innerText()
        },
        { timeout: 60_000, interval: 50 },
      )
      .toBe('Done')
    // The bar moved: several readings between none and all of the 2,400 files.
    expect(new Set(seen).size).toBeGreaterThan(1)
    expect(Math.min(...seen)).toBeLessThan(2400)
    const report = await page.locator('.report').innerText()
    expect(report).toMatch(/^2,400 entries read/)
    expect(await axeViolations(page)).toEqual([])
    expect(await page.locator('details summary').innerText()).toBe('600 skipped')
    await page.screenshot({ path: `${output}import-report.png`, fullPage: true })

    // An artist that only the Discogs export brought in, found by an album title typed without accents, written about.
    await page.getByRole('link', { name: 'See the collection' }).click()
    await page.getByLabel('Search artists').fill('deja vu')
    await expect.poll(() => page.locator('.artists > *').allInnerTexts()).toEqual([expect.stringContaining('Crosby, Stills, Nash & Young')])
    await page.getByRole('link', { name: 'Crosby, Stills, Nash & Young' }).click()
    await page.getByRole('heading', { level: 1, name: 'Crosby, Stills, Nash & Young' }).waitFor()
    expect(await page.getByText('Déjà Vu').count()).toBeGreaterThan(0)
    await page.getByRole('button', { name: 'Generate' }).click()
    await expect.poll(async () => (await page.locator('.article-text').innerText()).length, { timeout: 30_000 }).toBeGreaterThan(200)
    expect(await page.locator('.article-text').innerText()).toContain('Crosby, Stills, Nash & Young')
  }, 120_000)

  it('edits an artist in place, keeps the edit through a re-import it follows across a reload, and deletes an artist after asking', async () => {
    const page = await openPage()
    await page.goto(`${server.url}/?q=homogenic`)
    await page.getByRole('link', { name: 'Björk' }).click()
    await page.getByRole('heading', { level: 1, name: 'Björk' }).waitFor()
    await page.getByRole('button', { name: 'Edit Björk' }).click()
    await page.getByLabel('Country (ISO code)').fill('1x')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('country')
    await page.getByLabel('Country (ISO code)').fill('fo')
    await page.getByLabel('Genres, comma-separated').fill('art pop, electronic')
    await page.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => page.locator('.artist-header + p.muted').innerText()).toMatch(/^Faroe Islands · art pop, electronic/)

    // The same folder again: nothing of the edit moves.
    await page.goto(`${server.url}/import`)
    await page.getByLabel('Music folder on the server').fill(join(root, 'Music'))
    await page.getByRole('button', { name: 'Import folder' }).click()
    await page.getByRole('heading', { level: 2, name: join(root, 'Music') }).waitFor()
    // A reload mid-way finds the import again, from the address.
    await expect.poll(() => page.url()).toContain('job=')
    await page.reload()
    await page.getByRole('heading', { level: 2, name: join(root, 'Music') }).waitFor()
    await expect.poll(() => page.getByRole('status').innerText(), { timeout: 60_000 }).toBe('Done')
    expect(await page.locator('.report').innerText()).toContain('0 artists added, 0 completed · 0 albums added, 0 completed')
    await page.goto(`${server.url}/?q=homogenic`)
    await page.getByRole('link', { name: 'Björk' }).click()
    await expect.poll(() => page.locator('.artist-header + p.muted').innerText()).toMatch(/^Faroe Islands · art pop, electronic/)

    await page.getByRole('button', { name: 'Edit Björk' }).click()
    let asked = ''
    page.once('dialog', (dialog) => {
      asked = dialog.message()
      void dialog.dismiss()
    })
    await page.getByRole('button', { name: 'Delete artist…' }).click()
    await expect.poll(() => asked).toContain('Delete Björk')
    expect(page.url()).toContain('/artists/')
    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('button', { name: 'Delete artist…' }).click()
    await page.waitForURL(`${server.url}/`)
    await page.getByLabel('Search artists').fill('homogenic')
    await expect.poll(() => page.locator('.empty').innerText().catch(() => '')).toContain('No artist matches')
  }, 120_000)

  it('fits a phone: the import page at 390 px wide scrolls only down', async () => {
    const page = await openPage(390)
    await page.goto(`${server.url}/import`)
    await page.getByRole('heading', { name: 'Import your collection' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.screenshot({ path: `${output}import-phone.png`, fullPage: true })
  })
})
