import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { articleText, copied, downloaded, openArtist, portraitsOf, realPieces, shot, statusLine, useBrowser, useModel, useServer, writeButton } from './tapp.ts'

// Slow enough that a reader can pause, leave and come back while it writes.
const offlineServer = useServer({ OFFLINE_WRITER_TOKENS_PER_SECOND: '25' })
const openTab = useBrowser()
/** A tab that may use the clipboard, as Copy does. */
const page = (base: string) => openTab(base, { permissions: ['clipboard-read', 'clipboard-write'] })

const generate = async (page: Page) => {
  await writeButton(page).click()
  await expect.poll(() => statusLine(page)).toContain('Writing')
}
const words = async (page: Page) => (await articleText(page)).split(/\s+/).length

describe('one truth for the text on screen', () => {
  it('shows the whole portrait when it finishes while the display is paused; Copy and Download give it as saved', async () => {
    const tab = await page(offlineServer().url)
    await openArtist(tab, offlineServer().url, 'leonard', 'Leonard Cohen')
    await generate(tab)
    await expect.poll(() => words(tab)).toBeGreaterThan(30)
    await tab.getByRole('button', { name: 'Pause display' }).click()
    const held = (await articleText(tab)).length
    await expect.poll(() => statusLine(tab), { timeout: 60_000 }).toContain('Finished')
    await shot(tab, 'finished-while-paused')
    const [saved] = await portraitsOf(offlineServer().url, 'leonard cohen')
    expect(saved!.status).toBe('COMPLETE')
    expect((await articleText(tab)).length).toBeGreaterThan(held + 100)
    expect(await downloaded(tab)).toBe(saved!.markdown)
    expect(await copied(tab)).toBe(saved!.markdown)
  })

  it('shows the whole text of a portrait cancelled while the display is paused, exactly as saved', async () => {
    const tab = await page(offlineServer().url)
    await openArtist(tab, offlineServer().url, 'nina', 'Nina Simone')
    await generate(tab)
    await expect.poll(() => words(tab)).toBeGreaterThan(20)
    await tab.getByRole('button', { name: 'Pause display' }).click()
    // The writing goes on under the paused display before the reader cancels.
    await tab.waitForTimeout(1500)
    await tab.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => statusLine(tab)).toContain('Cancelled')
    const [saved] = await portraitsOf(offlineServer().url, 'nina simone')
    expect(saved!.status).toBe('CANCELLED')
    await expect.poll(() => downloaded(tab)).toBe(saved!.markdown)
    expect(await copied(tab)).toBe(saved!.markdown)
    await shot(tab, 'cancelled-while-paused')

    // Cancelled, it stays readable: a reload shows its text, its status and a way to write it again.
    await tab.reload()
    await expect.poll(() => tab.locator('.summary').innerText()).toContain('Cancelled')
    expect(await downloaded(tab)).toBe(saved!.markdown)
    expect(await writeButton(tab).innerText()).toMatch(/Generate|Regenerate/)
  })
})

describe('leaving a portrait being written', () => {
  it('keeps it written while the reader is elsewhere in the app, and shows it live on return', async () => {
    const tab = await page(offlineServer().url)
    await openArtist(tab, offlineServer().url, 'kraftwerk', 'Kraftwerk')
    await generate(tab)
    await expect.poll(() => words(tab)).toBeGreaterThan(10)
    // Back to the collection, then the import page: longer than the server's 5 s linger.
    await tab.goBack()
    await tab.getByRole('link', { name: 'Import', exact: true }).click()
    await tab.waitForTimeout(6000)
    const [writing] = await portraitsOf(offlineServer().url, 'kraftwerk')
    expect(writing!.status).toBe('WRITING')

    await tab.getByRole('link', { name: 'Collection', exact: true }).click()
    await tab.getByLabel('Search artists').fill('kraftwerk')
    await tab.getByRole('link', { name: 'Kraftwerk', exact: true }).click()
    await expect.poll(() => statusLine(tab)).toMatch(/Writing|Finished/)
    expect(tab.url()).toContain(`/portraits/${writing!.id}`)
    await shot(tab, 'returned-mid-stream')
    await expect.poll(() => statusLine(tab), { timeout: 60_000 }).toContain('Finished')
    const [saved] = await portraitsOf(offlineServer().url, 'kraftwerk')
    expect(saved).toMatchObject({ id: writing!.id, status: 'COMPLETE' })
    expect(await downloaded(tab)).toBe(saved!.markdown)
  })

  it('lets a second tab see it being written, join it, and end with the same text as the first, cancelled or finished', async () => {
    const first = await page(offlineServer().url)
    await openArtist(first, offlineServer().url, 'portishead', 'Portishead')
    await generate(first)
    await expect.poll(() => words(first)).toBeGreaterThan(10)

    const second = await page(offlineServer().url)
    await openArtist(second, offlineServer().url, 'portishead', 'Portishead')
    const notice = second.locator('.writing-elsewhere')
    await expect.poll(() => notice.innerText(), { timeout: 10_000 }).toMatch(/A portrait is being written — \d+%/)
    await shot(second, 'second-tab-being-written')
    await notice.getByRole('link', { name: 'open' }).click()
    await expect.poll(() => statusLine(second)).toContain('Writing')
    await expect.poll(() => words(second)).toBeGreaterThan(20)

    await first.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => statusLine(first)).toContain('Cancelled')
    await expect.poll(() => statusLine(second)).toContain('Cancelled')
    const [cancelled] = await portraitsOf(offlineServer().url, 'portishead')
    expect(cancelled!.status).toBe('CANCELLED')
    await expect.poll(() => downloaded(first)).toBe(cancelled!.markdown)
    await expect.poll(() => downloaded(second)).toBe(cancelled!.markdown)

    // Written again from the second tab, the first one joins from the list and both finish alike.
    await writeButton(second).click()
    await expect.poll(() => statusLine(second)).toContain('Writing')
    await expect.poll(async () => (await portraitsOf(offlineServer().url, 'portishead'))[0]!.status).toBe('WRITING')
    await first.reload()
    await first.locator('.writing-elsewhere').getByRole('link', { name: 'open' }).click()
    await expect.poll(() => statusLine(first), { timeout: 60_000 }).toContain('Finished')
    await expect.poll(() => statusLine(second), { timeout: 60_000 }).toContain('Finished')
    const [finished] = await portraitsOf(offlineServer().url, 'portishead')
    expect(finished!.status).toBe('COMPLETE')
    expect(await downloaded(first)).toBe(finished!.markdown)
    expect(await downloaded(second)).toBe(finished!.markdown)
    expect(await articleText(first)).toBe(await articleText(second))
  })
})

describe('portraits written by a model', () => {
  const model = useModel()
  const pieces = realPieces
  const modelServer = useServer(() => ({
    LLM_BASE_URL: model().url,
    LLM_MODEL: 'fake-model',
    LLM_MAX_RETRIES: '0',
    LLM_BREAKER_THRESHOLD: '2',
    LLM_BREAKER_COOLDOWN_MS: '30000',
  }))

  /** The figures of the status line: elapsed seconds, words, tokens per second. */
  const figures = async (tab: Page) => {
    const line = await statusLine(tab)
    const [, elapsed] = /([\d.]+) s ·/.exec(line) ?? []
    const [, pace] = /(\d+) tokens\/s/.exec(line) ?? []
    return { elapsed: Number(elapsed ?? NaN), pace: Number(pace ?? NaN) }
  }

  it('keeps the elapsed time and the pace of the generation itself after a reload, and ends with its duration', async () => {
    model().setDefault({ tokens: pieces.slice(0, 700), paceMs: 25 })
    const tab = await page(modelServer().url)
    await openArtist(tab, modelServer().url, 'bjork', 'Björk')
    await generate(tab)
    const request = () => model().requests.at(-1)!
    await expect.poll(() => request()?.tokensSent ?? 0).toBeGreaterThan(40)
    const startedAt = request().startedAt
    await tab.waitForTimeout(3000)

    await tab.reload()
    await expect.poll(() => statusLine(tab)).toContain('Writing')
    await tab.waitForTimeout(2500)
    // The model's own rate over the same span as the page's figures: since its request began.
    const shown = await figures(tab)
    const elapsed = (performance.now() - startedAt) / 1000
    const rate = request().tokensSent / elapsed
    console.log(`after a reload: elapsed ${shown.elapsed} s (model running ${elapsed.toFixed(1)} s), pace ${shown.pace} tokens/s (model sends ${rate.toFixed(1)})`)
    expect(shown.elapsed).toBeGreaterThan(elapsed - 1.5)
    expect(shown.elapsed).toBeLessThan(elapsed + 1)
    expect(Math.abs(shown.pace - rate) / rate).toBeLessThan(0.2)
    await shot(tab, 'figures-after-reload')

    // While paused, the figures go on.
    await tab.getByRole('button', { name: 'Pause display' }).click()
    const paused = await figures(tab)
    await tab.waitForTimeout(1200)
    expect((await figures(tab)).elapsed).toBeGreaterThan(paused.elapsed + 0.8)
    await tab.getByRole('button', { name: 'Resume display' }).click()

    await expect.poll(() => statusLine(tab), { timeout: 60_000 }).toContain('Finished')
    const [saved] = await portraitsOf(modelServer().url, 'björk')
    await expect.poll(async () => (await figures(tab)).elapsed).toBe(Math.round(saved!.timings.durationMs! / 100) / 10)
    // A finished portrait says what it cost and how long it took.
    const summary = await tab.locator('.summary').innerText()
    expect(summary).toMatch(/Tokens:?\s*820 \(120 prompt, 700 written\)/)
    expect(summary).toContain('Took')
  })

  it('lists every portrait with its permalink, and the form picks the saved one with its options or says there is none', async () => {
    model().setDefault({ tokens: pieces.slice(0, 120), paceMs: 20 })
    const tab = await page(modelServer().url)
    await openArtist(tab, modelServer().url, 'coltrane', 'John Coltrane')
    await generate(tab)
    await expect.poll(() => statusLine(tab), { timeout: 30_000 }).toContain('Finished')
    const complete = tab.url()
    expect(complete).toMatch(/\/portraits\/[0-9a-f-]{36}$/)

    model().setDefault({ tokens: pieces.slice(0, 2000), paceMs: 20 })
    await tab.getByLabel('Length', { exact: true }).selectOption('SHORT')
    await expect.poll(() => tab.locator('.none').innerText()).toContain('No portrait with these options yet')
    expect(await writeButton(tab).innerText()).toBe('Generate')
    await writeButton(tab).click()
    await expect.poll(() => words(tab)).toBeGreaterThan(40)
    await tab.getByRole('button', { name: 'Cancel' }).click()
    await expect.poll(() => statusLine(tab)).toContain('Cancelled')

    // The list follows the panel: the cancelled one is listed as such, without a reload.
    const history = tab.locator('.history li')
    await expect.poll(() => history.allInnerTexts()).toEqual([
      expect.stringMatching(/English · short · Neutral[\s\S]*fake-model[\s\S]*Cancelled/),
      expect.stringMatching(/English · medium · Neutral[\s\S]*fake-model[\s\S]*Complete[\s\S]*120 words · 240 tokens/),
    ])
    await shot(tab, 'history')

    // The finished one by its link: its text, its options on the form, Regenerate and no Generate.
    await history.nth(1).getByRole('link').click()
    await expect.poll(() => tab.url()).toBe(complete)
    const [, finished] = await portraitsOf(modelServer().url, 'john coltrane')
    await expect.poll(() => downloaded(tab)).toBe(finished!.markdown)
    expect(await tab.getByLabel('Length', { exact: true }).inputValue()).toBe('MEDIUM')
    expect(await writeButton(tab).innerText()).toBe('Regenerate')
    // The permalink, opened afresh, shows the same.
    await tab.goto(complete)
    await expect.poll(() => tab.locator('.summary').innerText()).toContain('Complete')
    expect(await downloaded(tab)).toBe(finished!.markdown)
    // An address that names no portrait says so, a made-up id and a cut-off link alike.
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      await tab.goto(complete.replace(/[0-9a-f-]{36}$/, id))
      await expect.poll(() => tab.locator('.none').innerText().catch(() => '')).toContain('There is no portrait at this address')
    }
    await tab.goto(complete)
    await expect.poll(() => tab.locator('.summary').innerText()).toContain('Complete')
    // Short again: the cancelled one is not a portrait to show as the Short one.
    await tab.getByLabel('Length', { exact: true }).selectOption('SHORT')
    await expect.poll(() => tab.locator('.none').count()).toBe(1)
    expect(await articleText(tab)).toBe('')
  })

  it('shows the wait of an open circuit as a countdown on a disabled Retry', async () => {
    model().setDefault({ status: 502 })
    model().requests.length = 0
    const tab = await page(modelServer().url)
    await openArtist(tab, modelServer().url, 'sigur', 'Sigur Rós')
    await writeButton(tab).click()
    const alert = tab.locator('.error-box')
    await expect.poll(() => alert.innerText().catch(() => '')).toContain('The model provider failed')
    // Failures open the circuit (two here): from then on a try is refused with a wait, shown as it runs down.
    const retry = alert.getByRole('button')
    for (let tries = 0; tries < 3 && !/Retry in/.test(await retry.innerText()); tries++) {
      await retry.click()
      await expect.poll(async () => (await tab.locator('.status').getAttribute('data-phase').catch(() => null)) === 'error' && (await retry.count()) > 0).toBe(true)
    }
    await expect.poll(() => retry.innerText()).toMatch(/Retry in \d+ s/)
    expect(await retry.isDisabled()).toBe(true)
    expect(model().requests.length).toBeLessThanOrEqual(2)
    const first = Number(/(\d+)/.exec(await retry.innerText())![1])
    expect(first).toBeGreaterThan(20)
    expect(first).toBeLessThanOrEqual(30)
    await tab.waitForTimeout(2100)
    expect(Number(/(\d+)/.exec(await retry.innerText())![1])).toBeLessThan(first)
    await shot(tab, 'circuit-open')
  })
})
