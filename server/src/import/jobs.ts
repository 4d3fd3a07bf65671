import { randomUUID } from 'node:crypto'
import { readFile, realpath, stat } from 'node:fs/promises'
import { basename, isAbsolute, sep } from 'node:path'
import { readSeed, type PrismaClient } from '@portrait/prisma'
import type { ImportJob, ImportService } from '@portrait/schema/services'
import { GraphQLError } from 'graphql'
import type { Logger } from '../logger.ts'
import { ImportFileError, type ParsedCollection } from './document.ts'
import { scanFolder } from './folder.ts'
import { mergeCollection } from './merge.ts'
import { parseDocument } from './parse.ts'

/** Problems listed in full in a report; beyond, only counted. */
const MAX_LISTED_PROBLEMS = 200
/** How often watchers hear of progress at most: a 10,000-file scan is not 10,000 events. */
const NOTIFY_MS = 100
/** How long a finished job's report stays readable. */
const KEEP_MS = 60 * 60_000

export interface ImportJobsOptions {
  prisma: PrismaClient
  logger: Logger
  /** Folders (absolute) whose contents the server may import; none disables folder imports. */
  roots: readonly string[]
  maxUploadBytes: number
}

const fail = (code: string, message: string) => new GraphQLError(message, { extensions: { code } })

interface Job {
  state: ImportJob
  listeners: Set<() => void>
  timer: NodeJS.Timeout | null
}

/**
 * Imports run as jobs: started by a mutation, followed by a subscription, kept for an hour once
 * finished. Jobs live in the instance that runs them (behind several instances, follow a job on
 * the instance that started it); the merge itself serialises across instances in the database.
 */
export function createImportJobs({ prisma, logger, roots, maxUploadBytes }: ImportJobsOptions): ImportService & { close(): void } {
  const jobs = new Map<string, Job>()
  const controller = new AbortController()

  const notify = (job: Job, now = false) => {
    if (now) {
      if (job.timer) clearTimeout(job.timer)
      job.timer = null
      for (const listener of job.listeners) listener()
      return
    }
    job.timer ??= setTimeout(() => notify(job, true), NOTIFY_MS)
  }

  const run = (source: string, work: (job: Job) => Promise<ParsedCollection>): ImportJob => {
    const job: Job = {
      state: {
        id: randomUUID(), source, status: 'RUNNING', phase: 'LISTING', filesTotal: 0, filesRead: 0,
        artistsAdded: 0, artistsUpdated: 0, albumsAdded: 0, albumsUpdated: 0, compilations: 0,
        problems: [], problemCount: 0, error: null, startedAt: new Date(), finishedAt: null,
      },
      listeners: new Set(),
      timer: null,
    }
    jobs.set(job.state.id, job)
    const finish = (patch: Partial<ImportJob>) => {
      job.state = { ...job.state, ...patch, finishedAt: new Date() }
      notify(job, true)
      setTimeout(() => jobs.delete(job.state.id), KEEP_MS).unref()
    }
    void (async () => {
      try {
        const parsed = await work(job)
        job.state = {
          ...job.state, phase: 'WRITING', filesTotal: parsed.items, filesRead: parsed.items, compilations: parsed.compilations,
          problems: parsed.problems.slice(0, MAX_LISTED_PROBLEMS), problemCount: parsed.problems.length,
        }
        notify(job, true)
        const report = await mergeCollection(prisma, parsed.artists)
        finish({ ...report, status: 'COMPLETE', phase: 'DONE' })
        logger.info({ job: job.state.id, source, ...report, problems: parsed.problems.length }, 'import finished')
      } catch (error) {
        const known = error instanceof ImportFileError
        if (!known) logger.error({ err: error, job: job.state.id, source }, 'import failed')
        finish({
          status: 'FAILED', phase: 'DONE',
          error: known
            ? { code: error.code, message: error.message }
            : { code: 'INTERNAL', message: controller.signal.aborted ? 'The server stopped during the import: nothing was written.' : 'The import failed: nothing was written.' },
        })
      }
    })()
    return job.state
  }

  /** A path the server may read: inside an import root once symbolic links are resolved. */
  const allowed = async (path: string): Promise<string> => {
    if (!roots.length) throw fail('IMPORT_FOLDERS_DISABLED', 'This server imports no folders: set IMPORT_ROOTS to the folders it may read, or upload a file.')
    if (!isAbsolute(path)) throw fail('IMPORT_PATH_NOT_ALLOWED', 'Give the full path of a folder, such as /home/me/Music.')
    const real = await realpath(path).catch(() => {
      throw fail('IMPORT_PATH_NOT_FOUND', `Nothing at ${path}.`)
    })
    for (const root of roots) {
      const base = await realpath(root).catch(() => null)
      if (base && (real === base || real.startsWith(base.endsWith(sep) ? base : base + sep))) return real
    }
    throw fail('IMPORT_PATH_NOT_ALLOWED', `${path} is outside the folders this server may import from (${roots.join(', ')}).`)
  }

  return {
    roots,
    maxUploadBytes,

    async importPath(path) {
      const real = await allowed(path)
      const info = await stat(real)
      if (info.isFile()) {
        if (info.size > maxUploadBytes) throw fail('IMPORT_FILE_TOO_LARGE', `${basename(path)} is larger than ${maxUploadBytes} bytes.`)
        return this.importFile(basename(real), await readFile(real, 'utf8'))
      }
      const root = real
      return run(path, (job) =>
        scanFolder(root, {
          signal: controller.signal,
          onProgress: (progress) => {
            job.state = { ...job.state, phase: progress.phase, filesTotal: progress.filesTotal, filesRead: progress.filesRead, problemCount: progress.problems }
            notify(job)
          },
        }),
      )
    },

    async importFile(name, text) {
      // Parsed before the job starts: a malformed file is the request's error, and nothing is written.
      let parsed: ParsedCollection
      try {
        parsed = parseDocument(name, text)
      } catch (error) {
        if (error instanceof ImportFileError) throw fail(error.code, `${name}: ${error.message}`)
        throw error
      }
      return run(name, async () => parsed)
    },

    async importDemo() {
      const artists = (await readSeed()).map((artist) => ({
        ...artist,
        musicbrainzId: null,
        albums: artist.albums.map((album) => ({ ...album, musicbrainzId: null })),
      }))
      return run('demo collection', async () => ({ artists, items: artists.length, problems: [], compilations: 0 }))
    },

    job: (id) => jobs.get(id)?.state ?? null,

    async *watch(id) {
      const job = jobs.get(id)
      if (!job) return
      let dirty = true
      let wake: (() => void) | null = null
      const listener = () => {
        dirty = true
        wake?.()
      }
      job.listeners.add(listener)
      try {
        for (;;) {
          if (!dirty) await new Promise<void>((resolve) => (wake = resolve))
          dirty = false
          wake = null
          // The status of what is sent, read before: a reader slow to ask for more must still get
          // the final state, which may have come in the meantime.
          const running = job.state.status === 'RUNNING'
          yield job.state
          if (!running) return
        }
      } finally {
        job.listeners.delete(listener)
      }
    },

    close() {
      controller.abort()
      for (const job of jobs.values()) if (job.timer) clearTimeout(job.timer)
    },
  }
}
