// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { fakeServer, withClient } from './tclient.ts'
import { useFolders } from './useFolders.ts'

const listing = (path: string | null) => ({
  importFolders: { __typename: 'FolderListing', path, parent: path ? '/' : null, folders: [{ __typename: 'Folder', name: 'jazz', path: `${path ?? ''}/jazz` }] },
})

describe('browsing the folders the server may import', () => {
  it('shows the folder opened last, whichever answer comes first', async () => {
    let release = () => {}
    const server = fakeServer({
      ImportFolders: ({ path }) => (path === '/slow' ? new Promise((resolve) => (release = () => resolve(listing('/slow')))) : listing(path as string | null)),
    })
    const { result: folders, unmount } = withClient(server.client, () => useFolders())
    const slow = folders.open('/slow')
    await vi.waitFor(() => expect(server.count('ImportFolders')).toBe(1))
    await folders.open('/music')
    release()
    await slow
    expect(folders.listing.value?.path).toBe('/music')
    expect(folders.loading.value).toBe(false)
    unmount()
  })

  it('says why a folder cannot be listed, with the server’s code', async () => {
    const server = fakeServer({ ImportFolders: () => ({ errors: [{ message: 'Outside IMPORT_ROOTS.', extensions: { code: 'FOLDER_NOT_ALLOWED' } }] }) })
    const { result: folders, unmount } = withClient(server.client, () => useFolders())
    await folders.open('/etc')
    expect(folders.error.value).toEqual({ code: 'FOLDER_NOT_ALLOWED', message: 'Outside IMPORT_ROOTS.' })
    expect(folders.listing.value).toBeNull()
    unmount()
  })
})
