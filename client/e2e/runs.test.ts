/**
 * Portraits for the whole collection, in a real Chromium against the real server and the fake
 * model: a run estimated, started, watched, opened live, paused, found again after a reload,
 * resumed through a provider's rate limit and a refusal, its failed artist retried, finished.
 */
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { articleText, axeViolations, gql, shot, statusLine, useBrowser, useModel, useServer } from './tapp.ts'

const model = useModel()
const server = useServer(() => ({
  LLM_BASE_URL: model().url,
  LLM_MODEL: 'fake-model',
  LLM_MAX_RETRIES: '0',
  RUN_CONCURRENCY: '2',
  // Prices make the estimate and the run speak money, and the form offer a budget in it: a
  // portrait costs a fraction of a dollar, as it does with a real provider.
  LLM_PRICE_INPUT_PER_MTOK: '2.5',
  LLM_PRICE_OUTPUT_PER_MTOK: '10',
  LLM_PRICE_CURRENCY: 'USD',
}))
const openTab = useBrowser()

const estimate = (page: Page) => page.locator('.estimate').innerText()
const bar = (page: Page) => page.getByRole('progressbar', { name: 'Portraits tried' })
const tried = async (page: Page) => Number(await bar(page).getAttribute('aria-valuenow'))
const runState = (page: Page) => page.locator('.run .state').innerText()
const figure = (page: Page, name: string) => page.locator(`[data-figure=${name}]`).innerText()
const figures = async (page: Page) => ({ done: await figure(page, 'done'), remaining: await figure(page, 'remaining'), tokens: await figure(page, 'tokens') })

interface ServerRun {
  status: string
  done: number
  failed: number
  remaining: number
  items: { status: string }[]
}
const serverRun = async (id: string) =>
  (await gql<{ portraitRun: ServerRun }>(server().url, 'query ($id: ID!) { portraitRun(id: $id) { status done failed remaining items(first: 100) { status } } }', { id })).portraitRun

describe('portraits for the whole collection', () => {
  it('estimates a run, starts it, opens a portrait live, pauses it, finds it paused after a reload, resumes it, retries the portrait that failed, and sees it complete', async () => {
    // The first two portraits hold after a few words until the test has watched one live; the
    // others take a few seconds each, so that the run is caught mid-way when paused.
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    model().setDefault({ tokens: 60, paceMs: 80 })
    model().script({ tokens: 60, paceMs: 20, gate: { before: 20, open: held } }, { tokens: 60, paceMs: 20, gate: { before: 20, open: held } })

    const base = server().url
    const tab = await openTab(base)
    await tab.goto(`${base}/`)
    await tab.getByRole('link', { name: 'Runs', exact: true }).click()
    await tab.getByRole('heading', { level: 1, name: 'Portraits for the whole collection' }).waitFor()

    // Before anything starts: every artist without a portrait, what it would take, what it would cost.
    await expect.poll(() => estimate(tab)).toMatch(/^78 portraits · about [\d,]+ tokens · about \$[\d,.]+/)
    await tab.getByLabel('Genre', { exact: true }).selectOption('soul')
    await tab.getByLabel('Length').selectOption('SHORT')
    await expect.poll(() => estimate(tab)).toMatch(/^6 portraits · about [\d,]+ tokens/)
    // A budget too small for them all says how many it pays for; a larger one lets the run write them all.
    await tab.getByLabel('Tokens, at most').fill('3000')
    await expect.poll(() => estimate(tab)).toMatch(/The budget pays for about 1 of them/)
    await tab.getByLabel('Tokens, at most').fill('100000')
    await tab.getByLabel('USD, at most').fill('5')
    await expect.poll(() => estimate(tab)).not.toContain('The budget pays')
    await shot(tab, 'run-form')
    expect(await axeViolations(tab)).toEqual([])

    await tab.getByRole('button', { name: 'Start the run' }).click()
    await tab.waitForURL(/\/runs\/[0-9a-f-]{36}$/)
    const id = tab.url().split('/').pop()!
    expect(await bar(tab).getAttribute('aria-valuemax')).toBe('6')
    await expect.poll(() => runState(tab)).toBe('Writing')

    // Two portraits are being written: each opens live on its artist's page.
    const live = tab.locator('.writing li').filter({ hasText: 'live' })
    await expect.poll(() => live.count()).toBe(2)
    expect(await tried(tab)).toBe(0)
    await shot(tab, 'run-writing')
    const name = await live.first().getByRole('link').innerText()
    await live.first().getByRole('link').click()
    await tab.getByRole('heading', { level: 1, name, exact: true }).waitFor()
    expect(tab.url()).toMatch(/\/artists\/[^/]+\/portraits\/[^/]+$/)
    await expect.poll(() => statusLine(tab)).toContain('Writing')
    await expect.poll(async () => (await articleText(tab)).split(/\s+/).length).toBeGreaterThan(10)
    await shot(tab, 'run-portrait-live')

    // Back on the run, the portraits go on and the bar moves.
    await tab.goBack()
    await tab.getByRole('heading', { level: 1, name: /^Run of / }).waitFor()
    release()
    await expect.poll(() => tried(tab), { timeout: 20_000 }).toBeGreaterThanOrEqual(2)
    expect(await figure(tab, 'done')).toMatch(/^[2-5] of 6$/)

    await tab.getByRole('button', { name: 'Pause' }).click()
    await expect.poll(() => runState(tab)).toMatch(/^Paused — /)
    // The portraits being written finish; none starts after them.
    await expect.poll(async () => (await serverRun(id)).items.some((item) => item.status === 'RUNNING'), { timeout: 20_000 }).toBe(false)
    const paused = await serverRun(id)
    expect(paused).toMatchObject({ status: 'PAUSED', failed: 0 })
    expect(paused.remaining).toBeGreaterThan(0)
    await expect.poll(() => figure(tab, 'done')).toBe(`${paused.done} of 6`)
    await expect.poll(() => tab.locator('.writing').count()).toBe(0)
    const before = await figures(tab)

    // A reload finds it where it is, from its address and the server.
    await tab.reload()
    await expect.poll(() => runState(tab)).toMatch(/^Paused — /)
    expect(await figures(tab)).toEqual(before)
    expect(before.remaining).toBe(String(paused.remaining))
    expect(await tried(tab)).toBe(paused.done)
    await shot(tab, 'run-paused')

    // Resumed, the provider asks to wait once (429) and refuses one portrait outright (400).
    model().setDefault({ tokens: 60, paceMs: 20 })
    model().script({ status: 429, retryAfter: 4 }, { status: 400 })
    await tab.getByRole('button', { name: 'Resume' }).click()
    await expect.poll(() => tab.getByRole('note').allInnerTexts()).toContainEqual(expect.stringMatching(/^The model provider asked to wait: no new portrait starts for \d sec\.$/))
    await shot(tab, 'run-provider-wait')
    await expect.poll(() => runState(tab), { timeout: 30_000 }).toBe('Complete')
    expect(await figure(tab, 'failed')).toBe('1')
    await expect.poll(() => tab.locator('.failures li').allInnerTexts()).toEqual([expect.stringContaining('The model provider refused the request.')])
    await shot(tab, 'run-failed')

    // Retried, the failed artist is written and the run, followed again, ends whole.
    await tab.getByRole('button', { name: 'Retry the failed' }).click()
    await expect.poll(() => figure(tab, 'done'), { timeout: 30_000 }).toBe('6 of 6')
    await expect.poll(() => runState(tab)).toBe('Complete')
    expect(await tried(tab)).toBe(6)
    expect(await figure(tab, 'failed')).toBe('0')
    expect(await figure(tab, 'remaining')).toBe('0')
    expect(await tab.locator('.failures').count()).toBe(0)
    expect(await figure(tab, 'cost')).toMatch(/^\$0\.\d+ of \$5\.00$/)
    expect(await serverRun(id)).toMatchObject({ status: 'COMPLETE', done: 6, failed: 0 })
    expect(await tab.getByRole('button', { name: /^(Pause|Resume)$/ }).count()).toBe(0)
    expect(await axeViolations(tab)).toEqual([])
    await shot(tab, 'run-complete')

    // In French, on a phone: the list of runs leads to it, and neither page scrolls sideways.
    const phone = await openTab(base, { locale: 'fr-FR', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })
    await phone.goto(`${base}/runs`)
    await phone.getByRole('heading', { level: 1, name: 'Des portraits pour toute la collection' }).waitFor()
    expect(await phone.getByRole('link', { name: 'Séries', exact: true }).count()).toBe(1)
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await shot(phone, 'runs-phone-fr')
    const listed = phone.locator('.run-list li').first()
    await expect.poll(() => listed.innerText()).toMatch(/Terminée/)
    await listed.getByRole('link').click()
    await phone.waitForURL(`${base}/runs/${id}`)
    await expect.poll(() => runState(phone)).toBe('Terminée')
    expect(await phone.locator('[data-figure=done]').innerText()).toBe('6 sur 6')
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await shot(phone, 'run-phone-fr')
  }, 90_000)

  it('lists first the portraits that state something the collection contradicts, each leading to its marks', async () => {
    // Björk's collection holds Homogenic from 1997; the model says 1995.
    model().setDefault({ tokens: ['## Work\n\n', 'The album *Homogenic* ', '(1995) is a landmark ', 'of the decade.\n'], paceMs: 5 })
    const base = server().url
    const { artists } = await gql<{ artists: { edges: { node: { id: string } }[] } }>(base, '{ artists(search: "Björk", first: 1) { edges { node { id } } } }')
    const started = await gql<{ startPortraitRun: { id: string } }>(
      base,
      'mutation ($input: PortraitRunInput!) { startPortraitRun(input: $input) { id } }',
      { input: { artistIds: [artists.edges[0]!.node.id], missingOnly: false, options: { language: 'en', length: 'SHORT', tone: 'SCHOLARLY' } } },
    )
    const tab = await openTab(base)
    await tab.goto(`${base}/runs/${started.startPortraitRun.id}`)
    await expect.poll(() => runState(tab), { timeout: 30_000 }).toBe('Complete')
    await expect.poll(() => tab.locator('#run-to-read').innerText().catch(() => '')).toBe('To read first (1)')
    expect(await tab.locator('.to-read li').allInnerTexts()).toEqual([expect.stringMatching(/^Björk\s*one statement contradicts your collection$/)])
    expect(await axeViolations(tab)).toEqual([])
    await shot(tab, 'run-to-read')
    await tab.locator('.to-read li').getByRole('link', { name: 'Björk' }).click()
    await expect.poll(() => tab.locator('mark').allInnerTexts(), { timeout: 15_000 }).toContain('1995')
  }, 60_000)
})
