import { execFileSync, spawnSync } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './tredis.ts'

/** Debian's PostgreSQL server programs (initdb, pg_ctl), newest version first; null when not installed. */
export function postgresBin(): string | null {
  const root = '/usr/lib/postgresql'
  const versions = existsSync(root) ? readdirSync(root).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(b) - Number(a)) : []
  const bin = versions.map((version) => join(root, version, 'bin')).find((dir) => existsSync(join(dir, 'pg_ctl')))
  if (!bin && process.env.CI) throw new Error('CI requires the postgresql package (initdb, pg_ctl): run scripts/setup.sh')
  return bin ?? null
}

export interface PrivatePostgres {
  /** A database of its own on this server, empty. */
  url: string
  /** Stops the server, closing every connection (pg_ctl stop -m fast). */
  stop(): Promise<void>
  start(): Promise<void>
  /** Stops it and deletes its files. */
  remove(): Promise<void>
}

/**
 * A PostgreSQL server of the test's own, on a free port, in a temporary directory: one it may stop
 * and start without disturbing the shared one. Run as the `postgres` user when the test runs as
 * root (PostgreSQL refuses to run as root).
 */
export async function privatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBin()
  if (!bin) throw new Error('initdb and pg_ctl are missing: install the postgresql package (scripts/setup.sh does)')
  const dir = mkdtempSync(join(tmpdir(), 'portrait-pg-'))
  const dataDir = join(dir, 'data')
  const asRoot = process.getuid?.() === 0
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString())
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString())
    chownSync(dir, uid, gid)
  }
  const run = (program: string, args: string[]) => {
    const command = asRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, program), ...args]] as const : [join(bin, program), args] as const
    const result = spawnSync(command[0], command[1], { encoding: 'utf8' })
    if (result.status !== 0) throw new Error(`${program} failed: ${result.stderr || result.stdout}`)
  }
  run('initdb', ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C'])
  const port = await freePort()
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`
  const start = async () => run('pg_ctl', ['start', '-w', '-D', dataDir, '-l', join(dir, 'log'), '-o', options])
  const stop = async () => run('pg_ctl', ['stop', '-w', '-m', 'fast', '-D', dataDir])
  await start()
  run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'portrait'])
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/portrait`,
    start,
    stop,
    async remove() {
      await stop().catch(() => {})
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
