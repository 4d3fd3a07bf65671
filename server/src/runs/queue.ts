import type { Database } from '@portrait/prisma'
import PgBoss from 'pg-boss'
import type { Logger } from '../logger.ts'

/** The queue of a run's artists: one job per delivery of an item, whose data names the item. */
export const ITEMS = 'portrait-run-item'

export interface ItemJob {
  itemId: string
}

/**
 * pg-boss over the app's own database, embedded or not: it only needs `executeSql`, which the
 * database gives for PGlite and PostgreSQL alike, so one queue serves both and no second pool is opened.
 */
export async function openQueue(db: Database, logger: Logger, { retryLimit }: { retryLimit: number }) {
  const boss = new PgBoss({
    db: { executeSql: (text, values) => db.sql(text, values) },
    // A dead instance's delivery is taken back by our heartbeat sweep long before pg-boss's expiry.
    maintenanceIntervalSeconds: 60,
    monitorStateIntervalSeconds: 60,
    // Portraits run for minutes; a job past this is taken for lost and delivered again.
    expireInHours: 1,
  })
  boss.on('error', (error: Error) => logger.warn({ err: { message: error.message } }, 'job queue error'))
  await boss.start()
  // Backoff between deliveries of a failed item: 2 s, 4 s, 8 s...
  await boss.createQueue(ITEMS, { name: ITEMS, retryLimit, retryDelay: 2, retryBackoff: true })
  return boss
}
