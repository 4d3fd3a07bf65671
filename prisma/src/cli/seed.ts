import { openDatabase } from '../database.ts'
import { seed } from '../seed.ts'

const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR })
try {
  // Seeding a database that was never migrated would only fail: bring the schema up first.
  await db.migrate()
  const started = performance.now()
  const { artists, albums } = await seed(db.prisma)
  console.log(`Seeded ${artists} artists and ${albums} albums in ${Math.round(performance.now() - started)} ms.`)
} catch (error) {
  console.error((error as Error).message)
  process.exitCode = 1
} finally {
  await db.close()
}
