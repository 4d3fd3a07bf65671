import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'

/** Thrown when another live process already holds the embedded database directory. */
export class DatabaseLockedError extends Error {
  override name = 'DatabaseLockedError'
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `The embedded database in ${dataDir} is already open in process ${pid}. ` +
        'PGlite allows one process per directory: stop that process, or point DATA_DIR elsewhere, ' +
        'or set DATABASE_URL to use PostgreSQL for several processes.',
    )
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM means the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Takes an exclusive, pid-stamped lock on a PGlite data directory. PGlite has no cross-process
 * locking of its own and two writers corrupt it silently. A lock left by a dead process is taken over.
 * @returns a function that releases the lock
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, 'portrait.lock')
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx')
      writeSync(fd, String(process.pid))
      closeSync(fd)
      let released = false
      return () => {
        if (released) return
        released = true
        rmSync(path, { force: true })
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const pid = Number.parseInt(readFileSync(path, 'utf8'), 10)
      if (Number.isInteger(pid) && isAlive(pid)) {
        throw new DatabaseLockedError(dataDir, pid)
      }
      rmSync(path, { force: true })
    }
  }
  throw new Error(`Could not take the lock ${path}`)
}
