/**
 * What a checkpoint costs as a portrait grows: the 91st–100th against the 1st–10th, appending what
 * is new (`checkpointArticle`) against rewriting the whole text (as checkpoints did before), in the
 * same run, on the embedded database and on PostgreSQL when DATABASE_URL is set.
 *
 *   npm run bench:checkpoints [-- --steps 100 --chars 400 --rounds 5]
 *
 * Each step adds `chars` characters (about two seconds of a model at 50 tokens/s), so the 100th
 * checkpoint holds 40,000 characters by default. Prints medians in ms and the ratios.
 */
import { randomUUID } from 'node:crypto'
import { parseArgs } from 'node:util'
import { openDatabase, seed, type Database } from '@portrait/prisma'
import { freshPostgresDatabase, tempDataDir } from '../../prisma/test/databases.ts'
import type { GenerationView } from '../src/generation/generation.ts'
import { checkpointArticle, type Checkpointed } from '../src/generation/persist.ts'

const { values } = parseArgs({ options: { steps: { type: 'string', default: '100' }, chars: { type: 'string', default: '400' }, rounds: { type: 'string', default: '5' } } })
const steps = Number(values.steps)
const chars = Number(values.chars)
const rounds = Number(values.rounds)
const piece = 'Björk’s “Homogenic” was recorded in Málaga 🎻 and mixed in London; strings by the Icelandic Octet. '.repeat(Math.ceil(chars / 90)).slice(0, chars)

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!

async function measure(db: Database) {
  const artistId = (await db.prisma.artist.findFirstOrThrow()).id
  const times = { append: { first: [] as number[], last: [] as number[] }, whole: { first: [] as number[], last: [] as number[] } }
  for (let round = 0; round < rounds; round++) {
    const views = (['append', 'whole'] as const).map((way) => ({
      way,
      saved: null as Checkpointed | null,
      view: { id: randomUUID(), text: '', metadata: { startedAt: new Date().toISOString(), model: 'bench', artist: { id: artistId }, options: { language: 'en', length: 'LONG', tone: 'NEUTRAL' } } } as unknown as GenerationView & { text: string },
    }))
    for (let step = 0; step < steps; step++) {
      // The two ways take turns at each step, so the machine's noise falls on both alike.
      for (const entry of step % 2 ? [...views].reverse() : views) {
        entry.view.text += piece
        const started = performance.now()
        if (entry.way === 'append' || !entry.saved) entry.saved = await checkpointArticle(db.prisma, entry.view, entry.saved)
        else await db.prisma.article.updateMany({ where: { id: entry.view.id, status: 'WRITING' }, data: { markdown: entry.view.text } })
        const took = performance.now() - started
        const bucket = step < 10 ? 'first' : step >= steps - 10 ? 'last' : null
        if (bucket && step > 0) times[entry.way][bucket].push(took)
      }
    }
  }
  return times
}

const targets: { name: string; open: () => Promise<{ db: Database; done: () => Promise<void> }> }[] = [
  {
    name: 'PGlite',
    open: async () => {
      const dir = tempDataDir()
      const db = await openDatabase({ dataDir: dir.dataDir })
      await db.migrate()
      await seed(db.prisma)
      return { db, done: async () => (await db.close(), dir.remove()) }
    },
  },
  ...(process.env.DATABASE_URL
    ? [
        {
          name: 'PostgreSQL',
          open: async () => {
            const fresh = await freshPostgresDatabase(process.env.DATABASE_URL!)
            const db = await openDatabase({ databaseUrl: fresh.url })
            await db.migrate()
            await seed(db.prisma)
            return { db, done: async () => (await db.close(), await fresh.drop()) }
          },
        },
      ]
    : []),
]

console.log(`Checkpoints of a growing portrait: ${steps} steps of ${chars} characters (${steps * chars} at the end), ${rounds} rounds; medians in ms`)
console.log('| database | way | checkpoints 2–10 | checkpoints ' + (steps - 9) + '–' + steps + ' | last / first |')
console.log('| --- | --- | --- | --- | --- |')
for (const target of targets) {
  const { db, done } = await target.open()
  const times = await measure(db)
  for (const way of ['append', 'whole'] as const) {
    const first = median(times[way].first)
    const last = median(times[way].last)
    console.log(`| ${target.name} | ${way === 'append' ? 'append what is new' : 'rewrite the whole text (before)'} | ${first.toFixed(2)} | ${last.toFixed(2)} | ${(last / first).toFixed(2)}× |`)
  }
  await done()
}
