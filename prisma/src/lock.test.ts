import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDataDir } from '../test/databases.ts'
import { openDatabase } from './database.ts'
import { DatabaseLockedError } from './lock.ts'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

const migrateCli = fileURLToPath(new URL('./cli/migrate.ts', import.meta.url))

describe('embedded database directory', () => {
  it('refuses a second process with a clear error while the first holds it', async () => {
    const { dataDir, remove } = tempDataDir()
    cleanups.push(remove)
    const db = await openDatabase({ dataDir })
    cleanups.push(() => db.close())
    const second = spawnSync(process.execPath, ['--import', 'tsx', migrateCli], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(second.status).not.toBe(0)
    expect(second.stderr).toContain(`already open in process ${process.pid}`)
    expect(second.stderr).toContain('DATA_DIR')
  })

  it('refuses a second opener in the same process too', async () => {
    const { dataDir, remove } = tempDataDir()
    cleanups.push(remove)
    const db = await openDatabase({ dataDir })
    cleanups.push(() => db.close())
    await expect(openDatabase({ dataDir })).rejects.toThrow(DatabaseLockedError)
  })

  it('keeps committed data across a restart and releases the lock on close', async () => {
    const { dataDir, remove } = tempDataDir()
    cleanups.push(remove)
    const first = await openDatabase({ dataDir })
    await first.migrate()
    await first.prisma.artist.create({
      data: { slug: 'x', name: 'Survivor', sortName: 'Survivor', searchText: 'survivor', genres: ['rock'] },
    })
    await first.close()
    const second = await openDatabase({ dataDir })
    cleanups.push(() => second.close())
    expect(await second.prisma.artist.findUnique({ where: { slug: 'x' } })).toMatchObject({ name: 'Survivor' })
  })

  it('takes over a lock left by a dead process', async () => {
    const { dataDir, remove } = tempDataDir()
    cleanups.push(remove)
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
    writeFileSync(`${dataDir}/portrait.lock`, dead.stdout)
    const db = await openDatabase({ dataDir })
    cleanups.push(() => db.close())
    expect(await db.ping()).toBe(true)
  })
})
