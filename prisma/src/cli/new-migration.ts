import { relative } from 'node:path'
import { createMigration } from '../migrations.ts'

const name = process.argv[2]
if (!name) {
  console.error('Usage: npm run db:new-migration NAME   (NAME: a-z, 0-9 and _)')
  process.exit(2)
}
try {
  const dir = await createMigration(name)
  console.log(dir ? `Created ${relative(process.cwd(), dir)}/migration.sql` : 'No schema changes: nothing to migrate.')
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}
