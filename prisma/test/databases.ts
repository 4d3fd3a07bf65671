import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'

/** A fresh, empty data directory for an embedded database; removed by the returned function. */
export function tempDataDir(): { dataDir: string; remove: () => void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'portrait-'))
  return { dataDir, remove: () => rmSync(dataDir, { recursive: true, force: true }) }
}

/**
 * The PostgreSQL server the tests may use. In CI it must exist: a missing DATABASE_URL fails
 * the run instead of silently skipping the PostgreSQL half of the suite.
 */
export function postgresUrl(): string | undefined {
  const url = process.env.DATABASE_URL
  if (!url && process.env.CI) throw new Error('CI requires DATABASE_URL: the PostgreSQL tests cannot be skipped')
  return url
}

/** Creates a new, empty database on the test server; the returned function drops it. */
export async function freshPostgresDatabase(serverUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `portrait_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: serverUrl })
      await client.connect()
      await client.query(`drop database if exists ${name} with (force)`)
      await client.end()
    },
  }
}
