// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import type { ImportJob } from './useImport.ts'
import { useImport } from './useImport.ts'
import { fakeServer, withClient } from './tclient.ts'

const job = (changes: Partial<ImportJob> = {}): ImportJob => ({
  __typename: 'ImportJob',
  id: 'j1',
  source: '/music',
  status: 'RUNNING',
  phase: 'READING',
  filesTotal: 10,
  filesRead: 0,
  artistsAdded: 0,
  artistsUpdated: 0,
  albumsAdded: 0,
  albumsUpdated: 0,
  compilations: 0,
  problemCount: 0,
  problems: [],
  error: null,
  ...changes,
}) as ImportJob

describe('an import', () => {
  it('follows the job it started to its report, and says when it is finished', async () => {
    const server = fakeServer({ ImportFolder: () => ({ importFolder: job() }) })
    const finished = vi.fn()
    const { result: importer, unmount } = withClient(server.client, () => useImport(finished))
    await importer.importFolder('/music')
    expect(importer.job.value).toMatchObject({ id: 'j1', status: 'RUNNING' })
    expect(importer.running.value).toBe(true)
    await vi.waitFor(() => expect(server.open('ImportProgress')).toEqual([{ variables: { id: 'j1' } }]))
    server.push('ImportProgress', { importProgress: job({ filesRead: 5 }) })
    expect(importer.job.value?.filesRead).toBe(5)
    expect(finished).not.toHaveBeenCalled()
    server.push('ImportProgress', { importProgress: job({ filesRead: 10, status: 'COMPLETE', phase: 'WRITING', artistsAdded: 3 }) })
    expect(importer.running.value).toBe(false)
    expect(finished).toHaveBeenCalledWith(expect.objectContaining({ status: 'COMPLETE', artistsAdded: 3 }))
    unmount()
    expect(server.open('ImportProgress')).toEqual([])
  })

  it('shows the server’s refusal before any job ran, with its code', async () => {
    const server = fakeServer({ ImportFolder: () => ({ errors: [{ message: 'Not under IMPORT_ROOTS.', extensions: { code: 'FOLDER_NOT_ALLOWED' } }] }) })
    const { result: importer, unmount } = withClient(server.client, () => useImport())
    await importer.importFolder('/etc')
    expect(importer.error.value).toEqual({ code: 'FOLDER_NOT_ALLOWED', message: 'Not under IMPORT_ROOTS.' })
    expect(importer.job.value).toBeNull()
    expect(importer.starting.value).toBe(false)
    unmount()
  })
})
