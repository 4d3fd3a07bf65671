import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, offlineContext } from './browser.ts'
import { shot, useServer } from './tapp.ts'

const server = useServer()
let browser: Awaited<ReturnType<typeof launchBrowser>> | undefined
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

describe('Back from an artist opened at once', () => {
  it('returns to the collection, never to the blank page before it, 20 times in a row', async () => {
    const { context, blocked } = await offlineContext(browser!.browser, server().url)
    const errors: string[] = []
    const landed: string[] = []
    for (let run = 0; run < 20; run++) {
      // A new tab each time: its first history entry is the blank page.
      const page = await context.newPage()
      page.on('pageerror', (error) => errors.push(error.message))
      await page.goto(`${server().url}/`, { waitUntil: 'commit' })
      const link = page.locator('.artist-card a.name').nth(run % 10)
      await link.waitFor()
      const name = await link.innerText()
      // Within 200 ms of the list settling, as a reader who knows where they are going.
      if (run % 2) await page.waitForTimeout((run * 37) % 200)
      await link.click()
      await page.getByRole('heading', { level: 1, name, exact: true }).waitFor()
      await page.goBack()
      await page.waitForTimeout(100)
      await expect.poll(() => page.url()).not.toBe('about:blank')
      landed.push(new URL(page.url()).pathname)
      await page.locator('.artist-card a.name').first().waitFor()
      if (run === 19) await shot(page, 'back-after-fast-click')
      await page.close()
    }
    expect(landed).toEqual(Array(20).fill('/'))
    expect(blocked).toEqual([])
    expect(errors).toEqual([])
    await context.close()
  }, 180_000)
})
