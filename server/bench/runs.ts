/**
 * A portrait run's pace against its baseline, measured in the same run: the fake model streams
 * 50 tokens a second; the baseline writes the same number of portraits one after another, as a
 * person pressing Generate on each artist would; the run writes them unattended at RUN_CONCURRENCY.
 * Prints portraits per minute, model calls per artist, and the ratio.
 *
 *   npm run bench:runs -- [--artists 12] [--tokens 200] [--rate 50] [--concurrency 2]
 */
import { fork } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { openDatabase, seed } from '@portrait/prisma'
import { tempDataDir } from '../../prisma/test/databases.ts'
import { spawnServer, type ServerProcess } from '../test/tprocess.ts'
import { tsubscribe } from '../test/tsubscribe.ts'

const { values } = parseArgs({
  options: { artists: { type: 'string', default: '12' }, tokens: { type: 'string', default: '200' }, rate: { type: 'string', default: '50' }, concurrency: { type: 'string', default: '2' } },
})
const count = Number(values.artists)
const here = dirname(fileURLToPath(import.meta.url))
const model = fork(join(here, 'fake-model.ts'), ['--tokens', values.tokens, '--rate', values.rate], { execArgv: ['--import', 'tsx'] })
// The model goes with the bench, however the bench ends.
process.on('exit', () => model.kill())
const port = await new Promise<number>((resolve) => model.once('message', (message: { port: number }) => resolve(message.port)))
const stats = async () => (await (await fetch(`http://127.0.0.1:${port}/stats`)).json()) as { requests: number }

async function gql<T>(server: ServerProcess, query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })
  const body = (await response.json()) as { data: T; errors?: unknown }
  if (body.errors) throw new Error(JSON.stringify(body.errors))
  return body.data
}

async function withServer<T>(work: (server: ServerProcess, ids: string[]) => Promise<T>): Promise<T> {
  const dir = tempDataDir()
  const db = await openDatabase({ dataDir: dir.dataDir })
  await db.migrate()
  await seed(db.prisma)
  await db.close()
  const server = await spawnServer({ DATA_DIR: dir.dataDir, LLM_BASE_URL: `http://127.0.0.1:${port}/v1`, LLM_MODEL: 'bench', RUN_CONCURRENCY: values.concurrency, RATE_LIMIT_GENERATIONS: '1000' })
  try {
    const { artists } = await gql<{ artists: { edges: { node: { id: string } }[] } }>(server, 'query ($n: Int) { artists(first: $n) { edges { node { id } } } }', { n: count })
    return await work(server, artists.edges.map((edge) => edge.node.id))
  } finally {
    await server.stop()
    dir.remove()
  }
}

/** One person, one artist after another: each portrait read to its end before the next is asked. */
const baseline = await withServer(async (server, ids) => {
  const before = (await stats()).requests
  const started = performance.now()
  for (const artistId of ids) {
    const events = await tsubscribe(server.url, 'distinct', { artistId, options: { length: 'SHORT' } }).done
    if (events.at(-1)?.__typename !== 'ArticleDone') throw new Error(`the baseline portrait ended with ${JSON.stringify(events.at(-1))}`)
  }
  return { minutes: (performance.now() - started) / 60_000, calls: (await stats()).requests - before }
})

const run = await withServer(async (server, ids) => {
  const before = (await stats()).requests
  const started = performance.now()
  const { startPortraitRun } = await gql<{ startPortraitRun: { id: string } }>(
    server,
    'mutation ($ids: [ID!]) { startPortraitRun(input: { artistIds: $ids, options: { length: SHORT } }) { id } }',
    { ids },
  )
  for (;;) {
    const { portraitRun } = await gql<{ portraitRun: { status: string; done: number } }>(server, 'query ($id: ID!) { portraitRun(id: $id) { status done } }', { id: startPortraitRun.id })
    if (!['QUEUED', 'RUNNING'].includes(portraitRun.status)) {
      if (portraitRun.done !== ids.length) throw new Error(`the run ended ${portraitRun.status} with ${portraitRun.done} of ${ids.length}`)
      break
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return { minutes: (performance.now() - started) / 60_000, calls: (await stats()).requests - before }
})
model.kill()

const perMinute = (figures: { minutes: number }) => count / figures.minutes
console.log(`${count} SHORT portraits of ${values.tokens} tokens at ${values.rate} tokens/s (fake model)`)
console.log(`baseline, one after another:      ${perMinute(baseline).toFixed(1)} portraits/min, ${(baseline.calls / count).toFixed(2)} model calls per artist`)
console.log(`portrait run, RUN_CONCURRENCY=${values.concurrency}: ${perMinute(run).toFixed(1)} portraits/min, ${(run.calls / count).toFixed(2)} model calls per artist`)
console.log(`run / baseline: ${(perMinute(run) / perMinute(baseline)).toFixed(2)}×`)
