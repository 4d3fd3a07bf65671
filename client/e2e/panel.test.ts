import type { Download } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { openArtist, shot, statusLine, useBrowser, useServer, writeButton } from './tapp.ts'

// Slow enough to look at the history while the portrait is written.
const server = useServer({ OFFLINE_WRITER_TOKENS_PER_SECOND: '20' })
const openTab = useBrowser()

describe('the portrait panel of the tab that writes', () => {
  it('lists its own portrait as being written in the history, and names a download after the artist, language and day', async () => {
    const page = await openTab(server().url)
    await openArtist(page, server().url, 'homogenic', 'Björk')
    await page.locator('form.generate').getByLabel('Language').selectOption('fr')
    await writeButton(page).click()
    await expect.poll(() => statusLine(page)).toContain('Writing')
    // At once, without waiting for the list to be read again.
    const current = page.locator('.history li.current')
    await expect.poll(() => current.innerText().catch(() => ''), { timeout: 500, interval: 50 }).toMatch(/Being written — \d+%/)
    expect(await page.locator('.history li').count()).toBe(1)
    await shot(page, 'history-own-portrait-writing')
    await expect.poll(() => statusLine(page), { timeout: 60_000 }).toContain('Finished')
    await expect.poll(() => current.innerText()).toContain('Complete')
    expect(await page.locator('.history li').count()).toBe(1)

    const [download]: [Download, void] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download .md' }).click()])
    const day = new Date()
    const iso = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`
    expect(download.suggestedFilename()).toBe(`bjork-fr-${iso}.md`)
  }, 120_000)
})
