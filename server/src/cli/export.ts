// npm run export [-- [--covers] file.json]: the collection in Portrait's JSON format, to a file or stdout;
// with --covers, each album's art goes along in base64 (much larger files).
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { DatabaseLockedError, openDatabase } from '@portrait/prisma'
import { exportCollection } from '../import/export.ts'

const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR }).catch((error: unknown) => {
  console.error(error instanceof DatabaseLockedError ? `${error.message}\nStop the server, or download the export from the web app (Import page).` : (error as Error).message)
  process.exit(1)
})
try {
  await db.migrate()
  const args = process.argv.slice(2)
  const document = await exportCollection(db.prisma, { covers: args.includes('--covers') })
  const text = `${JSON.stringify(document, null, 1)}\n`
  const target = args.find((arg) => !arg.startsWith('--'))
  if (target) {
    const path = resolve(process.env.INIT_CWD ?? process.cwd(), target)
    await writeFile(path, text)
    console.error(`Exported ${document.artists.length} artists to ${path}.`)
  } else process.stdout.write(text)
} finally {
  await db.close()
}
