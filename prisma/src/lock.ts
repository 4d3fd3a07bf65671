import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'

/** Thrown when another live process already holds the embedded database directory. */
export class DatabaseLockedError extends Error {
  override name = 'DatabaseLockedError'
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    /** Set when the owner runs on another host, whose processes this one cannot see. */
    readonly host?: string,
  ) {
    super(
      host
        ? `The embedded database in ${dataDir} is already open in process ${pid} on ${host}, which this machine cannot check. ` +
            `If no Portrait runs there any more, delete ${join(dataDir, 'portrait.lock')}; ` +
            'otherwise stop it, point DATA_DIR elsewhere, or set DATABASE_URL to use PostgreSQL for several processes.'
        : `The embedded database in ${dataDir} is already open in process ${pid}. ` +
            'PGlite allows one process per directory: stop that process, or point DATA_DIR elsewhere, ' +
            'or set DATABASE_URL to use PostgreSQL for several processes.',
    )
  }
}

/** Who holds a lock: enough to tell the process that wrote it from another that got its pid later. */
interface Owner {
  pid: number
  /** When the process started, in clock ticks since boot (field 22 of /proc/<pid>/stat). */
  start?: string
  host?: string
  /** The kernel's id for the current boot: pids and start times only compare within one boot. */
  boot?: string
}

const readOr = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8').trim() || undefined
  } catch {
    return undefined // not Linux, or /proc hidden from us
  }
}

function startOf(pid: number): string | undefined {
  const stat = readOr(`/proc/${pid}/stat`)
  // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
  return stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
}

function self(): Owner {
  return { pid: process.pid, start: startOf(process.pid), host: hostname(), boot: readOr('/proc/sys/kernel/random/boot_id') }
}

/** The lock file's text: the pid on the first line, as earlier versions wrote and read it, then what else is known. */
function format(owner: Owner): string {
  return [String(owner.pid), ...(['start', 'host', 'boot'] as const).flatMap((key) => (owner[key] ? [`${key}=${owner[key]}`] : []))].join('\n') + '\n'
}

function parse(text: string): Owner {
  const [first = '', ...rest] = text.split('\n')
  const fields = Object.fromEntries(rest.map((line) => line.split('=', 2) as [string, string]).filter(([key, value]) => key && value))
  return { pid: Number.parseInt(first, 10), start: fields.start, host: fields.host, boot: fields.boot }
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
 * Why a lock's owner is surely gone, or null when it may be alive. A pid alone does not say: after
 * a reboot or in a new container (where the server is pid 1 again) it belongs to someone else.
 */
function staleBecause(owner: Owner, me: Owner): string | null {
  if (!Number.isInteger(owner.pid) || owner.pid <= 0) return 'it names no process'
  if (owner.host && owner.host !== me.host) return null
  if (owner.boot && me.boot && owner.boot !== me.boot) return `process ${owner.pid} wrote it before this machine last started`
  if (!isAlive(owner.pid)) return `process ${owner.pid} is gone`
  if (owner.start) {
    const start = startOf(owner.pid)
    return start && start !== owner.start ? `process ${owner.pid} is another program, started after the lock was written` : null
  }
  // Written by an earlier version: the pid alone. This process did not write it, whatever its pid.
  return owner.pid === me.pid ? `process ${owner.pid} is this one, which did not write it` : null
}

/**
 * Takes an exclusive lock on a PGlite data directory, recording who holds it. PGlite has no
 * cross-process locking of its own and two writers corrupt it silently. A lock whose owner is
 * surely gone is taken over, and `log` is told why.
 * @returns a function that releases the lock
 */
export function lockDataDir(dataDir: string, log: (line: string) => void = console.warn): () => void {
  const path = join(dataDir, 'portrait.lock')
  const me = self()
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx')
      writeSync(fd, format(me))
      closeSync(fd)
      let released = false
      return () => {
        if (released) return
        released = true
        rmSync(path, { force: true })
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const owner = parse(readFileSync(path, 'utf8'))
      const reason = staleBecause(owner, me)
      if (!reason) throw new DatabaseLockedError(dataDir, owner.pid, owner.host && owner.host !== me.host ? owner.host : undefined)
      log(`Taking over the stale lock of the data directory (portrait.lock): ${reason}.`)
      rmSync(path, { force: true })
    }
  }
  throw new Error(`Could not take the lock ${path}`)
}
