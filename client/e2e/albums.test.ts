import { describe, expect, it } from 'vitest'
import { axeViolations, openArtist, shot, useBrowser, useServer } from './tapp.ts'

const server = useServer()
const openTab = useBrowser()

describe('albums fixed in the app', () => {
  it('edits an album on the artist page and keeps it across a reload, refuses a title the artist has in the reader’s language, adds and deletes one', async () => {
    const page = await openTab(server().url)
    await openArtist(page, server().url, 'homogenic', 'Björk')
    const albums = page.locator('ul.albums')

    await page.getByRole('button', { name: 'Edit album Homogenic' }).click()
    const form = page.getByRole('form', { name: 'Edit Homogenic' })
    await form.getByLabel('Year').fill('1998')
    await form.getByLabel('Label').fill('One Little Indian / Polydor')
    await form.getByLabel('Format').selectOption('CD')
    await shot(page, 'album-edit-form')
    expect(await axeViolations(page)).toEqual([])
    await form.getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => albums.innerText()).toContain('Homogenic (1998, One Little Indian / Polydor) · CD')
    await page.reload()
    await page.getByRole('heading', { level: 1, name: 'Björk' }).waitFor()
    await expect.poll(() => albums.innerText()).toContain('Homogenic (1998, One Little Indian / Polydor) · CD')

    // A title the artist already has: the server's typed refusal, said in English, then in French.
    await page.getByRole('button', { name: 'Edit album Post' }).click()
    await page.getByRole('form', { name: 'Edit Post' }).getByLabel('Title').fill('homogénic')
    await page.getByRole('form', { name: 'Edit Post' }).getByRole('button', { name: 'Save' }).click()
    await expect.poll(() => page.getByRole('alert').innerText()).toBe('This artist already has an album called “homogénic”. Choose another title, or edit that album.')
    await page.locator('.site-header .language select').selectOption('fr')
    await page.getByRole('form', { name: 'Modifier Post' }).getByRole('button', { name: 'Enregistrer' }).click()
    await expect.poll(() => page.getByRole('alert').innerText()).toBe('Cet artiste a déjà un album intitulé « homogénic ». Choisissez un autre titre, ou modifiez cet album.')
    await shot(page, 'album-title-refused-fr')
    await page.getByRole('form', { name: 'Modifier Post' }).getByRole('button', { name: 'Annuler' }).click()
    await page.locator('.site-header .language select').selectOption('en')

    // Added, then deleted after asking.
    await page.getByRole('button', { name: 'Add an album' }).click()
    const adding = page.getByRole('form', { name: 'Add an album' })
    await adding.getByLabel('Title').fill('Medúlla')
    await adding.getByLabel('Year').fill('2004')
    await adding.getByRole('button', { name: 'Add album' }).click()
    await expect.poll(() => albums.innerText()).toContain('Medúlla (2004) · vinyl')
    await page.getByRole('button', { name: 'Edit album Medúlla' }).click()
    page.once('dialog', (dialog) => void dialog.accept())
    await page.getByRole('button', { name: 'Delete album…' }).click()
    await expect.poll(() => albums.innerText()).not.toContain('Medúlla')
    await expect.poll(() => albums.locator(':scope > li').count()).toBe(4)
  }, 120_000)
})
