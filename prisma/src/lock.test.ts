import { spawn, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDataDir } from '../test/databases.ts'
import { openDatabase } from './database.ts'
import { DatabaseLockedError, lockDataDir } from './lock.ts'

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

  describe('a lock whose pid is alive', () => {
    /** A live process that has nothing to do with the database, as a reused pid would be. */
    const stranger = () => {
      const child = spawn('sleep', ['60'], { stdio: 'ignore' })
      cleanups.push(() => child.kill())
      return child.pid!
    }
    const bootId = () => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
    const startOf = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19]!

    it('is taken over, with a log line, when that pid now belongs to a process started since', () => {
      const { dataDir, remove } = tempDataDir()
      cleanups.push(remove)
      const pid = stranger()
      writeFileSync(`${dataDir}/portrait.lock`, `${pid}\nstart=${Number(startOf(pid)) - 500}\nhost=${hostname()}\nboot=${bootId()}\n`)
      const log: string[] = []
      const release = lockDataDir(dataDir, (line) => log.push(line))
      cleanups.push(release)
      expect(log).toEqual([expect.stringMatching(new RegExp(`stale lock.*process ${pid}.*started after`))])
      // Ours now, and recorded so that the next opener can tell.
      expect(readFileSync(`${dataDir}/portrait.lock`, 'utf8')).toBe(`${process.pid}\nstart=${startOf(process.pid)}\nhost=${hostname()}\nboot=${bootId()}\n`)
    })

    it('is taken over when it was written before the machine last started', () => {
      const { dataDir, remove } = tempDataDir()
      cleanups.push(remove)
      const pid = stranger()
      writeFileSync(`${dataDir}/portrait.lock`, `${pid}\nstart=${startOf(pid)}\nhost=${hostname()}\nboot=00000000-0000-4000-8000-000000000000\n`)
      const log: string[] = []
      cleanups.push(lockDataDir(dataDir, (line) => log.push(line)))
      expect(log).toEqual([expect.stringMatching(/stale lock.*before this machine last started/)])
    })

    it('is taken over when it names this very process, which did not write it (pid 1 in a new container)', () => {
      const { dataDir, remove } = tempDataDir()
      cleanups.push(remove)
      // The format of earlier versions: the pid alone.
      writeFileSync(`${dataDir}/portrait.lock`, String(process.pid))
      const log: string[] = []
      cleanups.push(lockDataDir(dataDir, (line) => log.push(line)))
      expect(log).toEqual([expect.stringMatching(/stale lock/)])
    })

    it('still refuses when the owner is that very process, and when it runs on another host', () => {
      const { dataDir, remove } = tempDataDir()
      cleanups.push(remove)
      const pid = stranger()
      writeFileSync(`${dataDir}/portrait.lock`, `${pid}\nstart=${startOf(pid)}\nhost=${hostname()}\nboot=${bootId()}\n`)
      expect(() => lockDataDir(dataDir)).toThrow(new RegExp(`already open in process ${pid}`))
      writeFileSync(`${dataDir}/portrait.lock`, `${pid}\nstart=1\nhost=elsewhere.example\nboot=00000000-0000-4000-8000-000000000000\n`)
      expect(() => lockDataDir(dataDir)).toThrow(/process \d+ on elsewhere\.example.*portrait\.lock/s)
    })
  })
})
