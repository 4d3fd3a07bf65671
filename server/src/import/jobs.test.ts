import { openDatabase, type Database } from '@portrait/prisma'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDataDir } from '../../../prisma/test/databases.ts'
import { createLogger } from '../logger.ts'
import { createImportJobs } from './jobs.ts'

describe('watching an import', () => {
  let db: Database
  const dir = tempDataDir()
  beforeAll(async () => {
    db = await openDatabase({ dataDir: dir.dataDir })
    await db.migrate()
  })
  afterAll(async () => {
    await db.close()
    dir.remove()
  })

  it('gives a watcher slow to ask for more the final state all the same', async () => {
    const jobs = createImportJobs({ prisma: db.prisma, logger: createLogger('silent'), roots: [], maxUploadBytes: 1024 })
    const { id } = await jobs.importDemo()
    const watcher = jobs.watch(id)[Symbol.asyncIterator]()
    const first = await watcher.next()
    expect(first.value).toMatchObject({ status: 'RUNNING' })
    // The watcher takes its time (a reader whose socket is full); the import ends meanwhile.
    while ((await jobs.job(id))!.status === 'RUNNING') await new Promise((resolve) => setTimeout(resolve, 10))
    const rest = []
    for (let step = await watcher.next(); !step.done; step = await watcher.next()) rest.push(step.value)
    expect(rest.at(-1)).toMatchObject({ status: 'COMPLETE', phase: 'DONE' })
    await jobs.close()
  })
})
