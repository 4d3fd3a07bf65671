import { readdir, realpath } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, sep } from 'node:path'
import type { FolderListing, FolderService } from '@portrait/schema/services'
import { GraphQLError } from 'graphql'

/** At most this many subfolders are listed; a folder of thousands is browsed by typing. */
const maxFolders = 500

const refuse = (code: string, message: string) => new GraphQLError(message, { extensions: { code } })

/** How to allow another folder, said with every refusal of a folder outside the roots. */
const howToChange = 'To import from elsewhere, add the folder to IMPORT_ROOTS (paths separated by commas) in the server’s environment and restart it.'

/**
 * The folder browser of the Import page: the import roots (IMPORT_ROOTS), then the subfolders of
 * any folder inside one, symbolic links resolved, so a link cannot lead outside. Hidden folders
 * are left out.
 */
export function createFolderBrowser(roots: readonly string[]): FolderService {
  /** The real path of `path` and of the root it lies in, or a typed refusal. */
  async function inside(path: string): Promise<{ real: string; root: string }> {
    if (!roots.length) throw refuse('IMPORT_FOLDERS_DISABLED', 'This server imports no folders: set IMPORT_ROOTS to the folders it may read, or upload a file.')
    if (!isAbsolute(path)) throw refuse('IMPORT_PATH_NOT_ALLOWED', `Give the full path of a folder inside IMPORT_ROOTS (${roots.join(', ')}). ${howToChange}`)
    const real = await realpath(path).catch(() => {
      throw refuse('IMPORT_PATH_NOT_FOUND', `Nothing at ${path}.`)
    })
    for (const root of roots) {
      const base = await realpath(root).catch(() => null)
      if (base && (real === base || real.startsWith(base.endsWith(sep) ? base : base + sep))) return { real, root: base }
    }
    throw refuse('IMPORT_PATH_NOT_ALLOWED', `${path} is outside IMPORT_ROOTS, the folders this server may import from (${roots.join(', ')}). ${howToChange}`)
  }

  return {
    async list(path) {
      if (path === null) {
        if (!roots.length) throw refuse('IMPORT_FOLDERS_DISABLED', 'This server imports no folders: set IMPORT_ROOTS to the folders it may read, or upload a file.')
        return { path: null, parent: null, folders: roots.map((root) => ({ name: root, path: root })) }
      }
      const { real, root } = await inside(path)
      const entries = await readdir(real, { withFileTypes: true }).catch(() => {
        throw refuse('IMPORT_PATH_NOT_FOUND', `${path} is not a folder this server can read.`)
      })
      const folders = entries
        .filter((entry) => !entry.name.startsWith('.') && (entry.isDirectory() || entry.isSymbolicLink()))
        .map((entry) => ({ name: entry.name, path: join(real, entry.name) }))
      // A link is listed only when it leads to a folder inside a root.
      const kept: FolderListing['folders'] = []
      for (const folder of folders) {
        if (kept.length >= maxFolders) break
        const ok = await inside(folder.path).then(
          () => readdir(folder.path).then(() => true, () => false),
          () => false,
        )
        if (ok) kept.push(folder)
      }
      kept.sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }))
      return { path: real, parent: real === root ? null : dirname(real), folders: kept.map((f) => ({ name: basename(f.path), path: f.path })) }
    },
  }
}
