// npm run import -- <folder | discogs.csv | collection.json>: imports into the configured
// database (DATABASE_URL, else the embedded one in DATA_DIR), with a progress bar on stderr.
import { stat } from 'node:fs/promises'
import { basename, resolve } from 'node:path'
import { DatabaseLockedError, openDatabase } from '@portrait/prisma'
import { SingleBar } from 'cli-progress'
import { ImportFileError, type ParsedCollection } from '../import/document.ts'
import { scanFolder } from '../import/folder.ts'
import { attachCovers } from '../import/covers.ts'
import { mergeCollection } from '../import/merge.ts'
import { readCollection } from '../import/parse.ts'

const arg = process.argv[2]
if (!arg || arg === '--help') {
  console.error('Usage: npm run import -- <music folder | Discogs collection CSV | Portrait JSON>')
  process.exit(arg ? 0 : 2)
}
// npm runs scripts from the repository root; a relative path means the caller's directory.
const path = resolve(process.env.INIT_CWD ?? process.cwd(), arg)
const info = await stat(path).catch(() => null)
if (!info) {
  console.error(`Nothing at ${path}.`)
  process.exit(2)
}

const bar = new SingleBar({
  format: ' {phase} [{bar}] {value}/{total} {unit} | {problems} skipped',
  hideCursor: true,
  noTTYOutput: !process.stderr.isTTY,
  notTTYSchedule: 5000,
  stream: process.stderr,
})

let parsed: ParsedCollection
try {
  if (info.isDirectory()) {
    let started = false
    parsed = await scanFolder(path, {
      onProgress: ({ phase, filesTotal, filesRead, problems }) => {
        if (phase === 'READING' && !started) {
          started = true
          bar.start(filesTotal, 0, { phase: 'Reading tags', unit: 'files', problems: 0 })
        }
        if (started) bar.update(filesRead, { problems })
      },
    })
    bar.stop()
  } else {
    parsed = await readCollection(basename(path), { path })
  }
} catch (error) {
  bar.stop()
  console.error(error instanceof ImportFileError ? `${basename(path)}: ${error.message}\nNothing was imported.` : (error as Error).message)
  process.exit(1)
}

const db = await openDatabase({ databaseUrl: process.env.DATABASE_URL, dataDir: process.env.DATA_DIR }).catch((error: unknown) => {
  console.error(error instanceof DatabaseLockedError ? `${error.message}\nStop the server, or import from the web app (Import page) while it runs.` : (error as Error).message)
  process.exit(1)
})
try {
  await db.migrate()
  const started = performance.now()
  bar.start(parsed.artists.length, 0, { phase: 'Writing', unit: 'artists', problems: parsed.problems.length })
  // Alone on its database, the import keeps to one transaction: all of it or nothing.
  const report = await mergeCollection(db.prisma, parsed.artists, { onProgress: (_, merged) => bar.update(merged) })
  await attachCovers(db.prisma, parsed)
  bar.stop()
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(
    [
      `Imported ${basename(path)}: ${parsed.items} ${info.isDirectory() ? 'audio files' : 'entries'} read${parsed.encoding ? ` (${parsed.encoding})` : ''}.`,
      `  artists: ${report.artistsAdded} added, ${report.artistsUpdated} completed`,
      `  albums:  ${report.albumsAdded} added, ${report.albumsUpdated} completed`,
      ...(parsed.compilations ? [`  compilations left out (no artist of their own): ${parsed.compilations}`] : []),
      ...(parsed.problems.length ? [`  skipped: ${parsed.problems.length}`, ...parsed.problems.map((p) => `    ${p.source}: ${p.message}`)] : []),
      `  written in ${seconds} s`,
    ].join('\n'),
  )
} catch (error) {
  bar.stop()
  console.error(`The import failed, nothing was written: ${(error as Error).message}`)
  process.exitCode = 1
} finally {
  await db.close()
}
