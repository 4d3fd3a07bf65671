import { randomUUID } from 'node:crypto'
import { realpath, stat } from 'node:fs/promises'
import { hostname } from 'node:os'
import { basename, isAbsolute, sep } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { readSeed, type PrismaClient } from '@portrait/prisma'
import type { ImportJob, ImportService } from '@portrait/schema/services'
import { GraphQLError } from 'graphql'
import type { Logger } from '../logger.ts'
import type { ByteSource } from './decode.ts'
import { ImportFileError, type ParsedCollection } from './document.ts'
import { scanFolder } from './folder.ts'
import { createImportJobStore } from './job-store.ts'
import { attachCovers } from './covers.ts'
import { mergeCollection, PartialMergeError } from './merge.ts'
import { readCollection } from './parse.ts'

/** Problems listed in full in a report; beyond, only counted. */
const MAX_LISTED_PROBLEMS = 200
/** How often watchers hear of progress at most: a 10,000-file scan is not 10,000 events. */
const NOTIFY_MS = 100
/** How long a finished job's report stays readable. */
const KEEP_MS = 60 * 60_000
/** How often a job followed from another instance is read again. */
const POLL_MS = 500

export interface ImportJobsOptions {
  prisma: PrismaClient
  logger: Logger
  /** Folders (absolute) whose contents the server may import; none disables folder imports. */
  roots: readonly string[]
  maxUploadBytes: number
  /** Names this instance as the owner of the jobs it runs. @default host and pid */
  instanceId?: string
  /**
   * This process is the only one on its database (embedded): jobs left RUNNING there have no owner,
   * and merges commit batch by batch, as PGlite's one transaction at a time would hold every other
   * query of the server until an import ends. @default false
   */
  alone?: boolean
  /** How often a running job's progress is saved for the other instances; each save is its heartbeat. @default 1000 */
  saveMs?: number
  /** A RUNNING job not saved for this long lost its instance and ends FAILED. @default 10000 */
  staleMs?: number
}

const fail = (code: string, message: string) => new GraphQLError(message, { extensions: { code } })

interface Job {
  state: ImportJob
  listeners: Set<() => void>
  timer: NodeJS.Timeout | null
  /** Saves the state for the other instances, until the end is saved. */
  saver: NodeJS.Timeout | null
  saving: boolean
  /** Resolves once the job's end is saved (or given up at close). */
  ended: Promise<void>
}

/**
 * Imports run as jobs: started by a mutation, followed by a subscription, kept for an hour once
 * finished. The instance that runs a job follows it in memory; the database holds it for every
 * instance (its progress saved about once a second), and the merge serialises across instances.
 */
export function createImportJobs(options: ImportJobsOptions): ImportService & { close(): Promise<void> } {
  const { prisma, logger, roots, maxUploadBytes, instanceId = `${hostname()}-${process.pid}`, saveMs = 1000, staleMs = 10_000, alone = false } = options
  const jobs = new Map<string, Job>()
  const controller = new AbortController()
  const store = createImportJobStore(prisma, { staleMs, keepMs: KEEP_MS, alone })
  // Reading a job ends it if its instance stopped; the sweep also ends those nobody reads, and forgets old reports.
  const sweeper = setInterval(() => {
    const running = [...jobs.values()].filter((job) => job.state.status === 'RUNNING').map((job) => job.state.id)
    store.sweep(running).then(
      (failed) => failed && logger.warn({ failed }, 'imports of stopped instances marked FAILED'),
      (error: unknown) => logger.warn({ err: error }, 'checking for imports of stopped instances failed'),
    )
  }, staleMs)
  sweeper.unref()

  /** Saves a running job's state; a job that another instance ended meanwhile goes on, and its end is saved all the same. */
  const save = async (job: Job) => {
    if (job.saving) return
    job.saving = true
    try {
      if (!(await store.progress(job.state)) && job.state.status === 'RUNNING') logger.warn({ job: job.state.id }, 'import marked stopped by another instance while it runs')
    } catch (error) {
      logger.warn({ err: error, job: job.state.id }, 'import progress not saved')
    } finally {
      job.saving = false
    }
  }

  const notify = (job: Job, now = false) => {
    if (now) {
      if (job.timer) clearTimeout(job.timer)
      job.timer = null
      for (const listener of job.listeners) listener()
      return
    }
    job.timer ??= setTimeout(() => notify(job, true), NOTIFY_MS)
  }

  const run = async (source: string, work: (job: Job) => Promise<ParsedCollection>): Promise<ImportJob> => {
    let ended!: () => void
    const job: Job = {
      state: {
        id: randomUUID(), source, status: 'RUNNING', phase: 'LISTING', filesTotal: 0, filesRead: 0,
        artistsAdded: 0, artistsUpdated: 0, albumsAdded: 0, albumsUpdated: 0, compilations: 0,
        problems: [], problemCount: 0, encoding: null, error: null, startedAt: new Date(), finishedAt: null,
      },
      listeners: new Set(),
      timer: null,
      saver: null,
      saving: false,
      ended: new Promise((resolve) => (ended = resolve)),
    }
    // Saved before the request is answered: any instance asked about it next knows it.
    await store.create(job.state, instanceId)
    jobs.set(job.state.id, job)
    job.saver = setInterval(() => void save(job), saveMs)
    /** The end is saved until it lands: a database blip must not leave the job RUNNING for the others. */
    const finish = async (patch: Partial<ImportJob>, saved = false) => {
      job.state = { ...job.state, finishedAt: new Date(), ...patch }
      notify(job, true)
      clearInterval(job.saver!)
      while (!saved && !controller.signal.aborted) {
        await store.finish(job.state).then(
          () => (saved = true),
          (error: unknown) => logger.warn({ err: error, job: job.state.id }, 'end of an import not saved yet'),
        )
        if (!saved) await sleep(saveMs, undefined, { signal: controller.signal }).catch(() => {})
      }
      if (!saved) await store.finish(job.state).catch(() => {})
      ended()
      setTimeout(() => jobs.delete(job.state.id), KEEP_MS).unref()
    }
    void (async () => {
      try {
        const parsed = await work(job)
        job.state = {
          ...job.state, phase: 'WRITING', filesTotal: parsed.items, filesRead: parsed.items, compilations: parsed.compilations,
          problems: parsed.problems.slice(0, MAX_LISTED_PROBLEMS), problemCount: parsed.problems.length, encoding: parsed.encoding ?? null,
        }
        notify(job, true)
        void save(job)
        // The report commits with the merge: a job still RUNNING in the database wrote nothing, or
        // (on the embedded database, written batch by batch) what it wrote is completed by importing again.
        let done: Partial<ImportJob> = {}
        const report = await mergeCollection(prisma, parsed.artists, {
          commitEach: alone,
          onProgress: (counts) => {
            job.state = { ...job.state, ...counts }
            notify(job)
          },
          alongside: (tx, merged) => {
            done = { ...merged, status: 'COMPLETE', phase: 'DONE', finishedAt: new Date() }
            return store.finish({ ...job.state, ...done }, tx)
          },
        })
        // Album art (a folder's cover files, else embedded pictures; covers in our JSON), once the albums exist.
        // The albums are committed: art that cannot be kept is logged, and the import still succeeds.
        await attachCovers(prisma, parsed).catch((error: unknown) => logger.warn({ err: error, job: job.state.id }, 'album covers not kept'))
        await finish(done, true)
        logger.info({ job: job.state.id, source, ...report, problems: parsed.problems.length }, 'import finished')
      } catch (error) {
        const known = error instanceof ImportFileError
        if (!known) logger.error({ err: error, job: job.state.id, source }, 'import failed')
        const partial = error instanceof PartialMergeError
        await finish({
          status: 'FAILED', phase: 'DONE',
          // What the progress counted was taken back (or, when partial, is not known to be there).
          artistsAdded: 0, artistsUpdated: 0, albumsAdded: 0, albumsUpdated: 0,
          error: known
            ? { code: error.code, message: error.message }
            : partial
              ? { code: 'PARTIAL', message: 'The import failed part-way, and part of it stayed in the collection: import the same file again to complete it.' }
              : { code: 'INTERNAL', message: controller.signal.aborted ? 'The server stopped during the import: nothing was written.' : 'The import failed: nothing was written.' },
        })
      }
    })()
    return job.state
  }

  const importDocument = async (name: string, source: ByteSource) => {
    // Parsed before the job starts: a malformed file is the request's error, and nothing is written.
    let parsed: ParsedCollection
    try {
      parsed = await readCollection(name, source)
    } catch (error) {
      if (error instanceof ImportFileError) throw fail(error.code, `${name}: ${error.message}`)
      throw error
    }
    return run(name, async () => parsed)
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
        return importDocument(basename(real), { path: real })
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

    importFile: (name, content) => importDocument(name, content),

    async importDemo() {
      const artists = (await readSeed()).map((artist) => ({
        ...artist,
        musicbrainzId: null,
        albums: artist.albums.map((album) => ({ ...album, musicbrainzId: null })),
      }))
      return run('demo collection', async () => ({ artists, items: artists.length, problems: [], compilations: 0 }))
    },

    job: async (id) => jobs.get(id)?.state ?? (await store.read(id)),

    async *watch(id) {
      const job = jobs.get(id)
      if (!job) {
        yield* watchElsewhere(id)
        return
      }
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

    async close() {
      controller.abort()
      clearInterval(sweeper)
      // Each running job saves how it ended, briefly: past that, the others see it stopped.
      await Promise.race([Promise.all([...jobs.values()].map((job) => job.ended)), sleep(2000, undefined, { ref: false })])
      for (const job of jobs.values()) {
        if (job.timer) clearTimeout(job.timer)
        if (job.saver) clearInterval(job.saver)
      }
    },
  }

  /** A job run by another instance, as saved: read again every POLL_MS until it ends. */
  async function* watchElsewhere(id: string): AsyncGenerator<ImportJob> {
    let last = ''
    for (;;) {
      const job = await store.read(id)
      if (!job) return
      const seen = JSON.stringify(job)
      if (seen !== last) {
        last = seen
        yield job
      }
      if (job.status !== 'RUNNING') return
      await sleep(POLL_MS)
    }
  }
}
