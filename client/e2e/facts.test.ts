import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createMarkdown } from '../src/markdown/markdown.ts'
import { axeViolations, openArtist, portraitsOf, shot, statusLine, useBrowser, useModel, useServer, writeButton } from './tapp.ts'

/**
 * A portrait of Björk (the demo collection holds Debut 1993, Post 1995, Homogenic 1997, Vespertine
 * 2001, country IS) with one wrong year planted among right ones and distractors: 1994 is stated
 * three times before the wrong claim, once in the same paragraph, and only *Post* (1994) is wrong.
 * The model holds back after the paragraph that states it, so the page can be read mid-stream.
 */
const article = [
  '# Björk: a portrait\n\n',
  'Björk is an Icelandic singer who moved to London in 1994, the year of her first tours abroad.\n\n',
  '## Albums\n\n',
  'Her first album, *Debut* (1993), was made in London with Nellee Hooper. In 1994 she toured it across Europe; ',
  'her second album, *Post* (1994), was more restless still, and was remastered in 2015.\n\n',
  '- *Homogenic* (1997) set strings against beats.\n',
  '- *Vespertine*, from 2001, was made for headphones.\n\n',
  '## Later years\n\n',
  'She starred in a film in 2000, and the 1990s remain her decade. Her single "Army of Me" came out in 1995.\n\n',
  '| Year | Album |\n| --- | --- |\n| 1993 | Debut |\n| 1997 | Homogenic |\n',
].join('')
const wrong = article.indexOf('(1994)') + 1
const pieces = article.match(/[\s\S]{1,6}/g)!
/** The pieces sent before the model waits: the wrong claim's paragraph is finished, the list begun. */
const held = Math.ceil((article.indexOf('- *Homogenic') + 4) / 6)

const md = createMarkdown()
const model = useModel()
const server = useServer(() => ({ LLM_BASE_URL: model().url, LLM_MODEL: 'fake-model', LLM_MAX_RETRIES: '0' }))
const page = useBrowser()

/** The model streams the portrait and waits, after the wrong claim, until the test lets it go on. */
function holdingModel() {
  let release = () => {}
  const open = new Promise<void>((resolve) => (release = resolve))
  model().setDefault({ tokens: pieces, paceMs: 8, gate: { before: held, open } })
  return release
}

const marks = (tab: Page, status = 'contradicted') => tab.locator(`.article-text mark.fact.${status}`)

/** The accessible description Chromium computes for the element, as a screen reader gets it. */
async function description(tab: Page, selector: string): Promise<string | undefined> {
  const cdp = await tab.context().newCDPSession(tab)
  try {
    const { root } = await cdp.send('DOM.getDocument', { depth: 0 })
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector })
    const { nodes } = await cdp.send('Accessibility.getPartialAXTree', { nodeId, fetchRelatives: false })
    return nodes[0]?.description?.value as string | undefined
  } finally {
    await cdp.detach()
  }
}

/** The blocks' HTML with the marks unwrapped again (`selector` picks the blocks). */
const unmarked = (tab: Page, selector = '.article-text .block') =>
  tab.evaluate((blocks) => {
    const shown = [...document.querySelectorAll(blocks)].map((block) => {
      const copy = block.cloneNode(true) as Element
      for (const mark of copy.querySelectorAll('mark')) mark.replaceWith(...mark.childNodes)
      copy.normalize()
      return copy.innerHTML
    })
    return shown.join('')
  }, selector)

/** HTML as the browser serialises it, so markdown-it's string and the page's DOM compare. */
const serialised = (tab: Page, html: string) =>
  tab.evaluate((source) => {
    const template = document.createElement('template')
    template.innerHTML = source
    return template.innerHTML
  }, html)

const focusedId = (tab: Page) => tab.evaluate(() => document.activeElement?.id ?? '')

describe('statements checked against the collection', () => {
  it('marks the wrong year as it is written, says what the collection says, and links to it from the summary', async () => {
    const release = holdingModel()
    const tab = await page(server().url)
    await openArtist(tab, server().url, 'bjork', 'Björk')
    await writeButton(tab).click()

    // While the model writes: the claim is marked, the others are not.
    await expect.poll(() => marks(tab).count(), { timeout: 15_000 }).toBe(1)
    expect(await statusLine(tab)).toContain('Writing')
    const mark = marks(tab).first()
    expect(await mark.innerText()).toBe('1994')
    expect(await mark.getAttribute('id')).toBe(`fact-${wrong}`)
    expect(await mark.getAttribute('tabindex')).toBe('0')
    expect(await description(tab, '.article-text mark.fact.contradicted')).toBe('Your collection says 1995')
    expect(await tab.locator('.article-text mark').count()).toBe(1)
    const summary = tab.locator('.facts')
    expect(await summary.locator('.line').innerText()).toBe('1 statement disagrees with your collection')
    // The finished blocks are markdown-it's render of the whole text, marks aside.
    const whole = await serialised(tab, md.render(article))
    const finished = await unmarked(tab, '.article-text .block:not(.tail)')
    expect(finished.length).toBeGreaterThan(0)
    expect(whole.startsWith(finished)).toBe(true)
    expect(await axeViolations(tab), 'streaming').toEqual([])

    // Hover shows the collection's value, and so does focus, reached from the summary.
    await mark.hover()
    await expect.poll(() => tab.locator('.fact-tip').innerText()).toBe('Your collection says 1995')
    await tab.mouse.move(5, 5)
    await expect.poll(() => tab.locator('.fact-tip').count()).toBe(0)
    await summary.getByRole('link').click()
    await expect.poll(() => focusedId(tab)).toBe(`fact-${wrong}`)
    await expect.poll(() => tab.locator('.fact-tip').innerText()).toBe('Your collection says 1995')
    await tab.keyboard.press('Escape')
    await expect.poll(() => tab.locator('.fact-tip').count()).toBe(0)
    await shot(tab, 'facts-streaming')

    release()
    await expect.poll(() => statusLine(tab), { timeout: 30_000 }).toContain('Finished')
    const [saved] = await portraitsOf(server().url, 'Björk')
    expect(saved!.markdown).toBe(article)
    // After the end, from the saved article: the same mark, and the page is markdown-it's render.
    await expect.poll(() => marks(tab).count()).toBe(1)
    expect(await marks(tab).first().getAttribute('id')).toBe(`fact-${wrong}`)
    expect(await unmarked(tab)).toBe(whole)

    // The confirmed ones on demand, marked otherwise.
    expect(await marks(tab, 'confirmed').count()).toBe(0)
    await tab.getByLabel('Show the statements your collection confirms').check()
    await expect.poll(() => marks(tab, 'confirmed').allInnerTexts()).toEqual(['Icelandic', '1993', '1997', '1993', '1997'])
    expect(await summary.locator('.line').allInnerTexts()).toEqual(['1 statement disagrees with your collection', '5 statements agree with your collection'])
    expect(await description(tab, `[id="fact-${article.indexOf('1993')}"]`)).toBe('Your collection agrees: 1993')
    expect(await unmarked(tab)).toBe(whole)
    expect(await axeViolations(tab), 'confirmed shown').toEqual([])
    await shot(tab, 'facts-confirmed')
    await tab.getByLabel('Show the statements your collection confirms').uncheck()
    await expect.poll(() => marks(tab, 'confirmed').count()).toBe(0)

    // A permalink, read anew: the saved article's checks.
    await tab.reload()
    await expect.poll(() => marks(tab).count(), { timeout: 15_000 }).toBe(1)
    expect(await description(tab, '.article-text mark.fact.contradicted')).toBe('Your collection says 1995')
    await tab.locator('.facts').getByRole('link').click()
    await expect.poll(() => focusedId(tab)).toBe(`fact-${wrong}`)
    expect(await unmarked(tab)).toBe(whole)
  })

  it('works on a phone: the mark is tapped to show the collection’s value, the summary leads to it, nothing scrolls sideways', async () => {
    const release = holdingModel()
    const tab = await page(server().url, { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 })
    await openArtist(tab, server().url, 'bjork', 'Björk')
    await writeButton(tab).click()
    await expect.poll(() => statusLine(tab)).toContain('Writing')
    await expect.poll(() => marks(tab).count(), { timeout: 15_000 }).toBe(1)
    expect(await tab.locator('.facts .line').innerText()).toBe('1 statement disagrees with your collection')

    await tab.locator('.facts').getByRole('link').tap()
    await expect.poll(() => focusedId(tab)).toBe(`fact-${wrong}`)
    const mark = marks(tab).first()
    const box = (await mark.boundingBox())!
    expect(box.y).toBeGreaterThan(0)
    expect(box.y + box.height).toBeLessThan(844)
    await tab.locator('.article-text').tap({ position: { x: 5, y: 5 } })
    await expect.poll(() => tab.locator('.fact-tip').count()).toBe(0)
    await mark.tap()
    await expect.poll(() => tab.locator('.fact-tip').innerText()).toBe('Your collection says 1995')
    const tip = (await tab.locator('.fact-tip').boundingBox())!
    expect(tip.x).toBeGreaterThanOrEqual(0)
    expect(tip.x + tip.width).toBeLessThanOrEqual(390)
    expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    expect(await axeViolations(tab), 'phone, streaming').toEqual([])
    await shot(tab, 'facts-phone')

    release()
    await expect.poll(() => statusLine(tab), { timeout: 30_000 }).toContain('Finished')
    await expect.poll(() => marks(tab).count()).toBe(1)
    expect(await unmarked(tab)).toBe(await serialised(tab, md.render(article)))
    expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
  })

  it('says it in French', async () => {
    const tab = await page(server().url, { locale: 'fr-FR' })
    await tab.goto(`${server().url}/`)
    await tab.getByLabel('Chercher un artiste').fill('bjork')
    // Until the results replace the first page, the link may move under the click to another artist.
    await expect.poll(() => tab.locator('.artists > *').allInnerTexts()).toEqual([expect.stringContaining('Björk')])
    await tab.getByRole('link', { name: 'Björk', exact: true }).click()
    await tab.getByRole('heading', { level: 1, name: 'Björk', exact: true }).waitFor()
    // The interface in French, the portrait in English, written again.
    model().setDefault({ tokens: pieces, paceMs: 2 })
    await tab.getByLabel('Langue', { exact: true }).selectOption('en')
    await writeButton(tab).click()
    await expect.poll(() => statusLine(tab), { timeout: 30_000 }).toContain('Terminé')
    await expect.poll(() => marks(tab).count(), { timeout: 15_000 }).toBe(1)
    expect(await tab.locator('.facts .line').innerText()).toBe('1 affirmation contredit votre collection')
    expect(await tab.locator('.facts a').innerText()).toBe('« 1994 », année de Post : votre collection indique 1995')
    expect(await description(tab, '.article-text mark.fact.contradicted')).toBe('Votre collection indique 1995')
    expect(await axeViolations(tab), 'French').toEqual([])
  })
})
