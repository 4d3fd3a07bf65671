import { mkdirSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { PrismaPg } from '@prisma/adapter-pg'
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import pg from 'pg'
import { PrismaPGlite } from 'pglite-prisma-adapter'
import { PrismaClient } from '../generated/client.ts'
import { lockDataDir } from './lock.ts'
import { applyMigrations, readMigrations } from './migrations.ts'

export interface DatabaseOptions {
  /** PostgreSQL connection string; when absent, the embedded PGlite database is used. */
  databaseUrl?: string | undefined
  /**
   * Directory of the embedded database; a relative path is taken from the repository root, so
   * every script finds the same database whatever its working directory.
   * @default 'data'
   */
  dataDir?: string
  /** Called with the SQL of every query the client runs (tests count them). */
  onQuery?: (sql: string) => void
  /**
   * Told when the embedded database's lock was left by a process that is gone and is taken over.
   * @default console.warn
   */
  onStaleLock?: (line: string) => void
}

export interface Database {
  readonly kind: 'pglite' | 'postgresql'
  readonly prisma: PrismaClient
  /**
   * Applies the committed migrations not yet applied (see `applyMigrations`).
   * @returns the names of the migrations applied by this call
   */
  migrate(dir?: string): Promise<string[]>
  /** Round trip to the database; resolves false instead of throwing. */
  ping(): Promise<boolean>
  /**
   * Runs SQL outside Prisma, for libraries that bring their own (the job queue): with values, one
   * parameterised statement; without, a script of several statements, giving the last one's rows.
   */
  sql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>
  close(): Promise<void>
}

/**
 * Whether every committed migration is recorded as applied. Checked with one query first, so a
 * start with nothing to do never loads the schema engine (about 240 MB of WebAssembly memory that
 * a process cannot give back).
 */
async function upToDate(prisma: PrismaClient, dir?: string): Promise<boolean> {
  const { migrationDirectories } = await readMigrations(dir)
  try {
    const rows = await prisma.$queryRawUnsafe<{ migration_name: string }[]>(
      'select migration_name from _prisma_migrations where finished_at is not null and rolled_back_at is null',
    )
    const applied = new Set(rows.map((row) => row.migration_name))
    return migrationDirectories.every((migration) => applied.has(migration.path))
  } catch {
    return false // no history table yet
  }
}

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/**
 * pglite-prisma-adapter's executeScript does not await `exec()`, so a failing migration script
 * would be recorded as applied. This factory hands out adapters whose scripts are awaited.
 */
class AwaitedScriptsPGlite extends PrismaPGlite {
  constructor(private readonly db: PGlite) {
    super(db)
  }

  override async connect(): Promise<SqlDriverAdapter> {
    const adapter = await super.connect()
    const db = this.db
    adapter.executeScript = async (script: string) => {
      await db.exec(script)
    }
    return adapter
  }
}

/**
 * Runs each migration script in a transaction, so a migration that fails half-way leaves nothing
 * behind (adapter-pg sends the statements one by one, committing each).
 */
class TransactionalScriptsPg extends PrismaPg {
  constructor(private readonly pool: pg.Pool) {
    super(pool)
  }

  override async connect() {
    const adapter = await super.connect()
    const pool = this.pool
    adapter.executeScript = async (script: string) => {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        await client.query(script)
        await client.query('COMMIT')
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {})
        throw error
      } finally {
        client.release()
      }
    }
    return adapter
  }
}

/**
 * adapter-pg rejects PostgreSQL's internal `"char"` type (oid 18) that the schema engine's catalog
 * queries return; read it as text like any other string.
 */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 18) return (value: string) => value
    return pg.types.getTypeParser(oid, format as 'text')
  },
}

function createClient(adapter: SqlMigrationAwareDriverAdapterFactory, onQuery?: (sql: string) => void) {
  if (!onQuery) return new PrismaClient({ adapter })
  const prisma = new PrismaClient({ adapter, log: [{ emit: 'event', level: 'query' }] })
  prisma.$on('query', (event) => onQuery(event.query))
  return prisma
}

/** Opens the collection database: PostgreSQL when a URL is given, else embedded PGlite. */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, types: pgTypes })
    const prisma = createClient(new PrismaPg(pool), options.onQuery)
    return {
      kind: 'postgresql',
      prisma,
      async migrate(dir) {
        if (await upToDate(prisma, dir)) return []
        // The schema engine takes a session-level advisory lock and leaves its release to the
        // session's end: it gets a connection of its own, closed as soon as it is done, or the
        // next instance to migrate waits on the lock in vain.
        const session = new pg.Pool({ connectionString: options.databaseUrl, types: pgTypes, max: 1 })
        try {
          return await applyMigrations(new TransactionalScriptsPg(session), dir)
        } finally {
          await session.end()
        }
      },
      ping: () => pool.query('select 1').then(() => true, () => false),
      sql: (text, values) => pool.query(text, values),
      async close() {
        await prisma.$disconnect()
        await pool.end()
      },
    }
  }

  const dataDir = resolve(repositoryRoot, options.dataDir || 'data')
  mkdirSync(dataDir, { recursive: true })
  const release = lockDataDir(dataDir, options.onStaleLock)
  let db: PGlite
  try {
    // PostgreSQL's 128 MB of shared buffers live in this process's memory once touched, and never
    // leave it: a big import filled them. A smaller pool keeps the process small; the OS caches the files.
    db = await PGlite.create(dataDir, { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${process.env.PGLITE_SHARED_BUFFERS ?? '32MB'}`] })
  } catch (error) {
    release()
    throw error
  }
  const adapterFactory = new AwaitedScriptsPGlite(db)
  const prisma = createClient(adapterFactory, options.onQuery)
  let closing: Promise<void> | undefined
  return {
    kind: 'pglite',
    prisma,
    migrate: async (dir) => ((await upToDate(prisma, dir)) ? [] : applyMigrations(adapterFactory, dir)),
    ping: () => db.query('select 1').then(() => true, () => false),
    async sql(text, values) {
      if (values?.length) return db.query(text, values)
      return (await db.exec(text)).at(-1) ?? { rows: [] }
    },
    close() {
      // The adapter's dispose leaves PGlite open: close it ourselves, or exit waits and the lock stays.
      closing ??= (async () => {
        await prisma.$disconnect()
        await db.close()
        release()
      })()
      return closing
    },
  }
}
