import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDataDir } from '../../prisma/test/databases.ts'
import { spawnServer, type ServerProcess } from '../../server/test/tprocess.ts'
import { shot, useBrowser } from './tapp.ts'

const fixtures = fileURLToPath(new URL('../../server/test/fixtures/', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'portrait-e2e-folders-'))
cpSync(join(fixtures, 'music/library'), join(root, 'Music', 'Library'), { recursive: true })

let server: ServerProcess
let remove = () => {}
beforeAll(async () => {
  const dir = tempDataDir()
  remove = dir.remove
  server = await spawnServer({ DATA_DIR: dir.dataDir, IMPORT_ROOTS: root })
}, 120_000)
afterAll(async () => {
  await server?.stop()
  remove()
  rmSync(root, { recursive: true, force: true })
})
const openTab = useBrowser()

describe('importing a folder without typing its path', () => {
  it('browses the import roots to a folder and imports it; a folder outside them is refused, naming IMPORT_ROOTS and how to change it', async () => {
    const page = await openTab(server.url)
    await page.goto(`${server.url}/import`)
    await page.getByRole('button', { name: 'Browse…' }).click()
    const browser = page.getByRole('group', { name: 'Folders this server may import from' })
    await browser.getByRole('button', { name: `Open ${root}` }).click()
    await browser.getByRole('button', { name: 'Open Music' }).click()
    await expect.poll(() => browser.locator('.where').innerText()).toBe(join(root, 'Music'))
    await browser.getByRole('button', { name: 'Open Library' }).waitFor()
    await shot(page, 'import-folder-browser')
    await browser.getByRole('button', { name: 'Choose this folder' }).click()
    expect(await page.getByLabel('Music folder on the server').inputValue()).toBe(join(root, 'Music'))
    await page.getByRole('button', { name: 'Import folder' }).click()
    await page.getByRole('heading', { level: 2, name: join(root, 'Music') }).waitFor()
    await expect.poll(() => page.getByRole('status').innerText(), { timeout: 60_000 }).toBe('Done')

    await page.getByLabel('Music folder on the server').fill('/etc')
    await page.getByRole('button', { name: 'Import folder' }).click()
    await expect.poll(() => page.getByRole('alert').innerText()).toBe(
      `/etc is outside the folders this server may import from (${root}). To import from elsewhere, add the folder to IMPORT_ROOTS (paths separated by commas) in the server’s environment, then restart the server.`,
    )
    await page.locator('.site-header .language select').selectOption('fr')
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('ajoutez le dossier à IMPORT_ROOTS')
    await shot(page, 'import-folder-refused-fr')
  }, 120_000)
})
