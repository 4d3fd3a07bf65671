import { cpSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { freshPostgresDatabase, postgresUrl, tempDataDir } from '../test/databases.ts'
import { openDatabase, type Database } from './database.ts'
import { MigrationError, migrationsDir, readMigrations } from './migrations.ts'

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function open(kind: 'pglite' | 'postgresql'): Promise<Database> {
  if (kind === 'pglite') {
    const { dataDir, remove } = tempDataDir()
    cleanups.push(remove)
    const db = await openDatabase({ dataDir })
    cleanups.push(() => db.close())
    return db
  }
  const { url, drop } = await freshPostgresDatabase(postgresUrl()!)
  cleanups.push(drop)
  const db = await openDatabase({ databaseUrl: url })
  cleanups.push(() => db.close())
  return db
}

async function tableNames(db: Database): Promise<string[]> {
  const rows = await db.prisma.$queryRaw<{ tablename: string }[]>`
    select tablename from pg_tables where schemaname = 'public' order by tablename`
  return rows.map((row) => row.tablename)
}

const kinds = postgresUrl() ? (['pglite', 'postgresql'] as const) : (['pglite'] as const)

describe.each(kinds)('migrations on %s', (kind) => {
  it('creates the schema from empty, records the history, and a second run is a no-op', async () => {
    const db = await open(kind)
    const { migrationDirectories } = await readMigrations()
    expect(await db.migrate()).toEqual(migrationDirectories.map((m) => m.path))
    expect(await tableNames(db)).toEqual(['_prisma_migrations', 'albums', 'articles', 'artists', 'covers', 'import_jobs', 'portrait_run_items', 'portrait_runs'])
    expect(await db.migrate()).toEqual([])
    const history = await db.prisma.$queryRaw<{ migration_name: string; finished_at: Date | null }[]>`
      select migration_name, finished_at from _prisma_migrations`
    expect(history).toHaveLength(migrationDirectories.length)
    expect(history.every((row) => row.finished_at !== null)).toBe(true)
  })

  it('reports a failing migration and does not record it as applied', async () => {
    const db = await open(kind)
    const { dataDir: dir, remove } = tempDataDir()
    cleanups.push(remove)
    cpSync(migrationsDir, dir, { recursive: true })
    mkdirSync(join(dir, '29990101000000_broken'))
    writeFileSync(
      join(dir, '29990101000000_broken', 'migration.sql'),
      'ALTER TABLE "artists" ADD COLUMN "rating" INTEGER;\nALTER TABLE "no_such_table" ADD COLUMN "x" INTEGER;\n',
    )
    await expect(db.migrate(dir)).rejects.toThrow(MigrationError)
    await expect(db.migrate(dir)).rejects.toThrow(/no_such_table|failed/i)
    const finished = await db.prisma.$queryRaw<{ migration_name: string }[]>`
      select migration_name from _prisma_migrations where finished_at is not null`
    expect(finished.map((row) => row.migration_name)).not.toContain('29990101000000_broken')
    // The failed script ran in a transaction: its first statement left nothing behind.
    const columns = await db.prisma.$queryRaw<{ column_name: string }[]>`
      select column_name from information_schema.columns where table_name = 'artists' and column_name = 'rating'`
    expect(columns).toEqual([])
  })
})
