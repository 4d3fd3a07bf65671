import { createHash } from 'node:crypto'
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openDatabase } from '@portrait/prisma'
import { attachCovers } from '../src/import/covers.ts'
import { scanFolder } from '../src/import/folder.ts'
import { mergeCollection } from '../src/import/merge.ts'

const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'music', 'covers')

/**
 * A music folder with album art (`fixtures/music/covers/library`, made by `fixtures/music/make-covers.ts`
 * with lame, flac and metaflac), copied to a temporary folder the test may change:
 *
 * - Kate Bush / Hounds of Love (1985): three MP3s, each with the same red picture embedded (`lame --ti`).
 * - Kate Bush / The Dreaming (1982): two FLACs with a green picture embedded (`metaflac --import-picture-from`)
 *   and `Folder.JPG`, blue, beside them: the file wins, as in Navidrome.
 * - Talk Talk / Spirit of Eden (1988): two MP3s without art and `cover.jpg`, the same blue image.
 * - Talk Talk / Laughing Stock (1991): one MP3, no art anywhere.
 */
export async function makeCoverFolder() {
  const root = mkdtempSync(join(tmpdir(), 'portrait-covers-'))
  cpSync(join(fixture, 'library'), root, { recursive: true })
  const sha = (name: string) => createHash('sha256').update(readFileSync(join(fixture, 'art', name))).digest('hex')
  return { root, hashes: { red: sha('red.jpg'), green: sha('green.png'), blue: sha('blue.jpg') }, remove: () => rmSync(root, { recursive: true, force: true }) }
}

/** Imports a folder into an embedded database as an import job does: scan, merge, then covers. */
export async function importFolderInto(dataDir: string, root: string) {
  const db = await openDatabase({ dataDir })
  try {
    await db.migrate()
    const scanned = await scanFolder(root)
    await mergeCollection(db.prisma, scanned.artists)
    return await attachCovers(db.prisma, scanned)
  } finally {
    await db.close()
  }
}
