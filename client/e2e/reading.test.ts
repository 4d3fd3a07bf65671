import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { articleText, axeViolations, openArtist, realArticle, realPieces, scrollRest, shot, statusLine, useBrowser, useModel, useServer, writeButton } from './tapp.ts'

/**
 * The app as people read it: in French, with a screen reader and the keyboard, on a phone. The
 * model streams a real long document (see ../src/markdown/fixtures/README.md) one word a piece,
 * so sections keep arriving while the reader reads.
 */
const [article, pieces] = [realArticle, realPieces]
const model = useModel()
const modelServer = useServer(() => ({ LLM_BASE_URL: model().url, LLM_MODEL: 'fake-model', LLM_MAX_RETRIES: '0' }))
const offlineServer = useServer({ OFFLINE_WRITER_TOKENS_PER_SECOND: '30' })
const page = useBrowser()

/** Checks a page state with axe-core and keeps a screenshot of it. */
async function accessible(tab: Page, state: string) {
  await shot(tab, `a11y-${state}`)
  expect(await axeViolations(tab), state).toEqual([])
}

describe('accessibility', () => {
  it('has no axe-core violation in any state of any page', async () => {
    const tab = await page(offlineServer().url)
    await tab.goto(`${offlineServer().url}/`)
    await tab.locator('.artists > li').first().waitFor()
    await accessible(tab, 'collection')
    await tab.getByLabel('Search artists').fill('zzzz')
    await tab.getByText('No artist matches').waitFor()
    await accessible(tab, 'collection-no-match')

    await openArtist(tab, offlineServer().url, 'radiohead', 'Radiohead')
    await accessible(tab, 'artist-no-portrait')
    await writeButton(tab).click()
    await expect.poll(() => articleText(tab)).toContain('The records')
    await accessible(tab, 'streaming')
    await tab.getByRole('button', { name: 'Pause display' }).click()
    await accessible(tab, 'paused')
    await tab.getByRole('button', { name: 'Resume display' }).click()
    await expect.poll(() => statusLine(tab), { timeout: 60_000 }).toContain('Finished')
    await accessible(tab, 'finished')
    await writeButton(tab).click()
    await expect.poll(() => statusLine(tab)).toContain('Writing')
    await tab.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => statusLine(tab)).toContain('Cancelled')
    await accessible(tab, 'cancelled')
    await tab.locator('.history li').nth(1).getByRole('link').click()
    await expect.poll(() => tab.locator('.summary').innerText()).toContain('Complete')
    await accessible(tab, 'permalink')
    await tab.locator('.artist-header + p.muted button.edit').click()
    // And an album's form, open at the same time.
    await tab.locator('ul.albums button.edit').first().click()
    await accessible(tab, 'editing')

    await tab.getByRole('link', { name: 'Import', exact: true }).click()
    await tab.getByRole('heading', { level: 1, name: 'Import your collection' }).waitFor()
    await accessible(tab, 'import')
    await tab.goto(`${offlineServer().url}/no/such/page`)
    await tab.getByRole('heading', { level: 1, name: 'Not found' }).waitFor()
    await accessible(tab, 'not-found')

    model().setDefault({ status: 503 })
    const failing = await page(modelServer().url)
    await openArtist(failing, modelServer().url, 'nina', 'Nina Simone')
    await writeButton(failing).click()
    await failing.locator('.error-box').waitFor()
    await accessible(failing, 'error')
  })

  it('announces the stream at a calm pace and moves focus to the next step', async () => {
    model().setDefault({ tokens: pieces.slice(0, 900), paceMs: 15 })
    const tab = await page(modelServer().url)
    await openArtist(tab, modelServer().url, 'bowie', 'David Bowie')
    // Every change of what screen readers hear (live regions), and of the visible status line.
    await tab.evaluate(() => {
      const w = window as unknown as { spoken: string[]; statusChanges: number }
      w.spoken = []
      w.statusChanges = 0
      new MutationObserver(() => {
        for (const region of document.querySelectorAll('[aria-live]:not([aria-live=off]), [role=status], [role=alert]')) {
          const text = (region as HTMLElement).innerText.trim()
          if (text && !w.spoken.includes(text)) w.spoken.push(text)
        }
        w.statusChanges++
      }).observe(document.body, { subtree: true, childList: true, characterData: true })
    })
    await writeButton(tab).click()
    await expect.poll(() => tab.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Cancel')
    await expect.poll(() => statusLine(tab), { timeout: 60_000 }).toContain('Finished')
    await expect.poll(() => tab.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Regenerate')
    const { spoken, statusChanges } = await tab.evaluate(() => {
      const w = window as unknown as { spoken: string[]; statusChanges: number }
      return { spoken: w.spoken, statusChanges: w.statusChanges }
    })
    const sections = (article.slice(0, pieces.slice(0, 900).join('').length).match(/^#{1,3} /gm) ?? []).length
    console.log(`${statusChanges} changes on the page, ${spoken.length} things said: ${JSON.stringify(spoken)}`)
    expect(statusChanges).toBeGreaterThan(100)
    // The start, at most one line per section, and the end: never the figures as they tick.
    expect(spoken.length).toBeLessThanOrEqual(sections + 2)
    expect(spoken[0]).toBe('Writing the portrait of David Bowie.')
    expect(spoken.at(-1)).toMatch(/^Portrait finished, [\d,]+ words\.$/)
    expect(spoken.some((line) => /tokens\/s| s · /.test(line))).toBe(false)
  })
  it('can be worked with the keyboard alone, focus following each step: write, cancel, ready to write again', async () => {
    const tab = await page(offlineServer().url)
    await openArtist(tab, offlineServer().url, 'air', 'Air')
    const focused = () => tab.evaluate(() => document.activeElement?.textContent?.trim() ?? '')
    await tab.locator('body').focus()
    // Skip link first, then through the header and the artist's controls to the form's button.
    for (let presses = 0; presses < 20 && (await focused()) !== 'Generate'; presses++) await tab.keyboard.press('Tab')
    expect(await focused()).toBe('Generate')
    await tab.keyboard.press('Enter')
    await expect.poll(focused).toBe('Cancel')
    await tab.keyboard.press('Enter')
    await expect.poll(() => statusLine(tab)).toContain('Cancelled')
    await expect.poll(focused).toMatch(/^(Generate|Regenerate)$/)
  })
})

describe('in French', () => {
  it('speaks the browser’s language, titles each page, marks the article’s language, and switches back', async () => {
    const tab = await page(offlineServer().url, { locale: 'fr-FR' })
    await tab.goto(`${offlineServer().url}/`)
    await tab.getByRole('heading', { level: 1, name: 'Collection' }).waitFor()
    expect(await tab.title()).toBe('Collection — Portrait')
    expect(await tab.getAttribute('html', 'lang')).toBe('fr')
    await expect.poll(() => tab.locator('.count').innerText()).toMatch(/^78 artistes · \d+ albums$/)
    await tab.getByLabel('Chercher un artiste').fill('bjork')
    await tab.getByRole('link', { name: 'Björk', exact: true }).click()
    await tab.getByRole('heading', { level: 1, name: 'Björk', exact: true }).waitFor()
    expect(await tab.title()).toBe('Björk — Portrait')
    expect(await tab.locator('.artist-header + p').innerText()).toMatch(/^Islande · /)
    // A portrait is written in the reader's language unless they choose another.
    expect(await tab.getByLabel('Langue', { exact: true }).inputValue()).toBe('fr')
    await tab.getByRole('button', { name: 'Générer' }).click()
    await expect.poll(() => statusLine(tab)).toContain('Écriture…')
    await expect.poll(() => statusLine(tab), { timeout: 60_000 }).toContain('Terminé')
    expect(await tab.locator('.article-text').getAttribute('lang')).toBe('fr')
    expect(await tab.locator('.summary').innerText()).toMatch(/français · moyen · Neutre/)
    await accessible(tab, 'french-finished')

    await tab.getByLabel('Langue de l’interface').selectOption('en')
    await tab.getByRole('button', { name: 'Regenerate' }).waitFor()
    expect(await tab.getAttribute('html', 'lang')).toBe('en')
    // The article keeps its own language whatever the interface's.
    expect(await tab.locator('.article-text').getAttribute('lang')).toBe('fr')
    expect(await tab.locator('.summary').innerText()).toMatch(/French · medium · Neutral/)
    // The choice is kept: a new page in this browser opens in English.
    await tab.reload()
    await tab.getByRole('button', { name: 'Regenerate' }).waitFor()
    await shot(tab, 'french-article-english-interface')
  })
  it('says what went wrong in French, whatever language the server speaks', async () => {
    model().setDefault({ status: 503 })
    const tab = await page(modelServer().url, { locale: 'fr-FR' })
    await tab.goto(`${modelServer().url}/?q=nina`)
    await tab.getByRole('link', { name: 'Nina Simone', exact: true }).click()
    await tab.getByRole('button', { name: 'Générer' }).click()
    const alert = tab.locator('.error-box')
    await expect.poll(() => alert.innerText().catch(() => '')).toContain('Le fournisseur du modèle a échoué ou est injoignable.')
    expect(await alert.getByRole('button').innerText()).toBe('Réessayer')
    await accessible(tab, 'french-error')
  })
})

describe('on a phone', () => {
  it('keeps the toolbar on one row, never scrolls sideways, and never moves the line being read as sections arrive', async () => {
    model().setDefault({ tokens: pieces, paceMs: 12 })
    const tab = await page(modelServer().url, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 })
    await openArtist(tab, modelServer().url, 'coltrane', 'John Coltrane')
    await writeButton(tab).click()
    await expect.poll(() => tab.locator('.outline summary').innerText().catch(() => ''), { timeout: 30_000 }).toMatch(/^[5-9] sections|\d\d sections/)
    // The page follows the text down, and the words and progress stay on screen with the buttons.
    await expect.poll(() => tab.evaluate(() => scrollY)).toBeGreaterThan(844)
    const figures = await tab.locator('.article-panel .status').evaluate((status) => {
      const box = status.getBoundingClientRect()
      return { onScreen: box.top >= 0 && box.bottom <= innerHeight, progress: Boolean(status.querySelector('progress')) }
    })
    expect(figures).toEqual({ onScreen: true, progress: true })
    const toolbar = await tab.locator('.toolbar').evaluate((bar) => ({
      height: bar.getBoundingClientRect().height,
      rows: new Set([...bar.children].map((button) => Math.round(button.getBoundingClientRect().top))).size,
    }))
    expect(toolbar).toMatchObject({ rows: 1 })
    // One row of buttons: the two rows it once took measured 95 px.
    expect(toolbar.height).toBeLessThan(56)
    expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)

    // The reader scrolls back up to read; the text goes on growing below.
    await tab.mouse.move(200, 400)
    await tab.mouse.wheel(0, -600)
    await tab.getByRole('button', { name: 'Jump to live ↓' }).waitFor()
    await scrollRest(tab)
    // The line read: the first paragraph wholly on screen below the sticky toolbar, marked once.
    const line = () =>
      tab.evaluate(() => {
        let read = document.querySelector('[data-read]')
        if (!read) {
          read = [...document.querySelectorAll('.article-text p')].find((p) => {
            const box = p.getBoundingClientRect()
            return box.top > 120 && box.bottom < innerHeight
          }) ?? null
          read?.setAttribute('data-read', '')
        }
        return read?.isConnected ? read.getBoundingClientRect().top : null
      })
    const sectionCount = async () => Number(/^(\d+)/.exec(await tab.locator('.outline summary').innerText())![1])
    await expect.poll(line).not.toBeNull()
    const [at, before] = [await line(), await sectionCount()]
    await expect.poll(sectionCount, { timeout: 30_000 }).toBeGreaterThanOrEqual(before + 2)
    const now = await line()
    console.log(`the line read was at ${at!.toFixed(1)} px and is at ${now!.toFixed(1)} px after ${(await sectionCount()) - before} more sections`)
    expect(Math.abs(now! - at!)).toBeLessThanOrEqual(1)
    await shot(tab, 'phone-reading-while-written')
    await tab.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => statusLine(tab)).toContain('Cancelled')
    await accessible(tab, 'phone-cancelled')
  })
})
