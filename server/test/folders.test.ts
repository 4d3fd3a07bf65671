import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { useTestServer } from './tserver.ts'

const token = 'folders-test-token-0123456789'
const root = mkdtempSync(join(tmpdir(), 'portrait-folders-'))
const outside = mkdtempSync(join(tmpdir(), 'portrait-outside-'))
for (const folder of ['Music/Björk/Homogenic', 'Music/Björk/Post', 'Music/ABBA', 'Music/.cache', 'Podcasts']) mkdirSync(join(root, folder), { recursive: true })
symlinkSync(outside, join(root, 'Music', 'elsewhere'))
afterAll(() => {
  rmSync(root, { recursive: true, force: true })
  rmSync(outside, { recursive: true, force: true })
})

const server = useTestServer({ API_TOKENS: token, IMPORT_ROOTS: root }, { empty: true })
const query = 'query ($path: String) { importFolders(path: $path) { path parent folders { name path } } }'

async function folders(path: string | null, headers: Record<string, string> = { authorization: `Bearer ${token}` }) {
  const response = await fetch(`${server().url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables: { path } }),
  })
  return (await response.json()) as { data?: { importFolders: { path: string | null; parent: string | null; folders: { name: string; path: string }[] } }; errors?: { message: string; extensions?: { code?: string } }[] }
}

describe('the folder browser of the Import page', () => {
  it('lists the import roots, then their subfolders, and nothing outside them', async () => {
    expect((await folders(null, {})).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')

    const roots = (await folders(null)).data!.importFolders
    expect(roots).toEqual({ path: null, parent: null, folders: [{ name: root, path: root }] })
    const top = (await folders(root)).data!.importFolders
    expect(top.parent).toBeNull()
    expect(top.folders.map((f) => f.name)).toEqual(['Music', 'Podcasts'])
    // Hidden folders are left out, and a link leading outside the roots too.
    const music = (await folders(join(root, 'Music'))).data!.importFolders
    expect(music).toEqual({
      path: join(root, 'Music'),
      parent: root,
      folders: [
        { name: 'ABBA', path: join(root, 'Music', 'ABBA') },
        { name: 'Björk', path: join(root, 'Music', 'Björk') },
      ],
    })

    for (const path of [outside, join(root, 'Music', 'elsewhere'), join(root, '..'), '/etc']) {
      const refused = await folders(path)
      expect(refused.errors?.[0]?.extensions?.code, path).toBe('IMPORT_PATH_NOT_ALLOWED')
      expect(refused.errors?.[0]?.message, path).toContain('IMPORT_ROOTS')
      expect(refused.errors?.[0]?.message, path).toContain('restart')
    }
    expect((await folders('Music')).errors?.[0]?.extensions?.code).toBe('IMPORT_PATH_NOT_ALLOWED')
    expect((await folders(join(root, 'nothing'))).errors?.[0]?.extensions?.code).toBe('IMPORT_PATH_NOT_FOUND')
  })
})
