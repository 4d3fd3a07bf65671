import type { ImportJob as ImportJobRow, Prisma, PrismaClient } from '@portrait/prisma'
import type { ImportJob } from '@portrait/schema/services'

/** Why a job ends FAILED when the instance running it stopped: the merge commits with the report, so nothing was written. */
export const interrupted = {
  code: 'INTERRUPTED',
  message: 'The server running this import stopped before it finished: nothing was written. Start the import again.',
}

/** The same for a job stopped while writing to an embedded database, where merges commit batch by batch: what they committed stays. */
export const interruptedWriting = {
  code: 'INTERRUPTED',
  message: 'The server running this import stopped while writing it: part of it may be in the collection. Import the same file again to complete it.',
}

const nothingCounted = { artistsAdded: 0, artistsUpdated: 0, albumsAdded: 0, albumsUpdated: 0 }

const toJob = (row: ImportJobRow): ImportJob => ({
  id: row.id,
  source: row.source,
  status: row.status,
  phase: row.phase,
  filesTotal: row.filesTotal,
  filesRead: row.filesRead,
  artistsAdded: row.artistsAdded,
  artistsUpdated: row.artistsUpdated,
  albumsAdded: row.albumsAdded,
  albumsUpdated: row.albumsUpdated,
  compilations: row.compilations,
  problems: row.problems as ImportJob['problems'],
  problemCount: row.problemCount,
  encoding: row.encoding,
  error: row.error as ImportJob['error'],
  startedAt: row.startedAt,
  finishedAt: row.finishedAt,
})

/** The columns of a job's state (all but its identity), as written at each save. */
const columns = (job: ImportJob) => ({
  status: job.status,
  phase: job.phase,
  filesTotal: job.filesTotal,
  filesRead: job.filesRead,
  artistsAdded: job.artistsAdded,
  artistsUpdated: job.artistsUpdated,
  albumsAdded: job.albumsAdded,
  albumsUpdated: job.albumsUpdated,
  compilations: job.compilations,
  problems: job.problems,
  problemCount: job.problemCount,
  encoding: job.encoding,
  error: job.error ?? undefined,
  finishedAt: job.finishedAt,
  heartbeatAt: new Date(),
})

export interface ImportJobStoreOptions {
  /** A RUNNING job whose heartbeat is older than this lost the instance running it. */
  staleMs: number
  /** The reader is the only process on its database (embedded): a RUNNING job it does not run has no owner left. */
  alone: boolean
  /** How long a finished job's report stays readable. */
  keepMs: number
}

/**
 * Import jobs in the database, where every instance reads them. The owner saves a job's state at a
 * bounded rate (each save is its heartbeat); whoever reads a job whose heartbeat stopped ends it.
 */
export function createImportJobStore(prisma: PrismaClient, { staleMs, keepMs, alone }: ImportJobStoreOptions) {
  // Read by the only process there, a job it does not run is already known to be without owner.
  const silentFor = alone ? 0 : staleMs
  const failStale = async (where: Prisma.ImportJobWhereInput, quietMs: number) => {
    const stale: Prisma.ImportJobWhereInput = { ...where, status: 'RUNNING', heartbeatAt: { lte: new Date(Date.now() - quietMs) } }
    const ended = { status: 'FAILED', phase: 'DONE', finishedAt: new Date() } as const
    // Its counts, saved as batches were committed, say at least what stayed.
    const partly = alone ? await prisma.importJob.updateMany({ where: { ...stale, phase: 'WRITING' }, data: { ...ended, error: interruptedWriting } }) : { count: 0 }
    const { count } = await prisma.importJob.updateMany({ where: stale, data: { ...ended, ...nothingCounted, error: interrupted } })
    return { count: partly.count + count }
  }

  return {
    async create(job: ImportJob, owner: string) {
      await prisma.importJob.create({ data: { id: job.id, source: job.source, startedAt: job.startedAt, owner, ...columns(job) } })
    },

    /** Saves a running job's progress; false when it is no longer RUNNING there (another instance gave it up). */
    async progress(job: ImportJob): Promise<boolean> {
      const { count } = await prisma.importJob.updateMany({ where: { id: job.id, status: 'RUNNING' }, data: columns(job) })
      return count === 1
    },

    /** Saves a job's final state, in the merge's transaction when it wrote anything. */
    async finish(job: ImportJob, tx: Prisma.TransactionClient | PrismaClient = prisma) {
      await tx.importJob.update({ where: { id: job.id }, data: columns(job) })
    },

    /**
     * A job run elsewhere (or by a process gone), as saved, ended first if its instance stopped;
     * null when unknown or its report has expired.
     */
    async read(id: string): Promise<ImportJob | null> {
      let row = await prisma.importJob.findUnique({ where: { id } })
      if (row?.status === 'RUNNING' && Date.now() - row.heartbeatAt.getTime() >= silentFor && (await failStale({ id }, silentFor)).count) {
        row = await prisma.importJob.findUnique({ where: { id } })
      }
      if (!row || (row.finishedAt && Date.now() - row.finishedAt.getTime() > keepMs)) return null
      return toJob(row)
    },

    /** Ends the jobs of instances that stopped (not this one's: `running`) and forgets expired reports. */
    async sweep(running: string[]): Promise<number> {
      const { count } = await failStale({ id: { notIn: running } }, staleMs)
      await prisma.importJob.deleteMany({ where: { finishedAt: { lt: new Date(Date.now() - keepMs) } } })
      return count
    },
  }
}

export type ImportJobStore = ReturnType<typeof createImportJobStore>
