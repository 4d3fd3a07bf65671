/**
 * Multi-instance mode: what following a generation from another instance (through Redis) adds
 * per chunk, against following it on the instance that runs it, measured in the same run.
 *
 *   DATABASE_URL=postgresql://... REDIS_URL=redis://... npm run bench:cross-instance [-- --readers 100]
 *
 * For each of N generations, a reader on instance A starts it (A runs it) and, once text flows, a
 * reader on instance B joins it. Both measure each live token from the model's send stamp.
 */
import { fork, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { foldForSearch, openDatabase, seed } from '@portrait/prisma'
import { freshPostgresDatabase } from '../../prisma/test/databases.ts'
import { readDistinct, type ReaderResult } from './readers.ts'

const { values } = parseArgs({
  options: { readers: { type: 'string', default: '100' }, rate: { type: 'string', default: '50' }, tokens: { type: 'string', default: '400' } },
})
const { DATABASE_URL, REDIS_URL } = process.env
if (!DATABASE_URL || !REDIS_URL) {
  console.error('Set DATABASE_URL (PostgreSQL) and REDIS_URL: this mode runs two instances that share them.')
  process.exit(2)
}
const readers = Number(values.readers)
const here = fileURLToPath(new URL('.', import.meta.url))
const now = () => performance.timeOrigin + performance.now()

const model = fork(join(here, 'fake-model.ts'), ['--tokens', values.tokens, '--rate', values.rate], { execArgv: ['--import', 'tsx'] })
const modelUrl = await new Promise<string>((resolve) => model.once('message', (m: { port: number }) => resolve(`http://127.0.0.1:${m.port}`)))

const database = await freshPostgresDatabase(DATABASE_URL)
{
  const db = await openDatabase({ databaseUrl: database.url })
  await db.migrate()
  await seed(db.prisma)
  await db.prisma.artist.createMany({
    data: Array.from({ length: readers }, (_, i) => ({ slug: `bench-${i}`, name: `Bench ${i}`, sortName: `Bench ${i}`, searchText: foldForSearch(`bench ${i}`), genres: ['bench'] })),
  })
  await db.close()
}

const prefix = `portrait-bench-${process.pid}:`
function instance(): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../src/index.ts', import.meta.url))], {
    env: {
      ...process.env,
      PORT: '0',
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_PREFIX: prefix,
      LLM_BASE_URL: `${modelUrl}/v1`,
      LLM_MODEL: 'bench',
      LLM_STREAM_USAGE: 'false',
      LOG_LEVEL: 'info',
      // Every reader comes from this one address here.
      MAX_STREAMS_PER_CLIENT: '1000000',
      MAX_PENDING_STREAMS_PER_CLIENT: '1000000',
      RATE_LIMIT_GENERATIONS: '1000000000',
      MAX_CONCURRENT_GENERATIONS: '1000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return new Promise((resolve) => {
    let output = ''
    const onData = (data: Buffer) => {
      output += data
      const port = /"url":"http:\/\/[^:]+:(\d+)"/.exec(output)?.[1]
      if (!port) return
      child.stdout!.off('data', onData)
      child.stdout!.resume()
      resolve({ url: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGTERM') })
    }
    child.stdout!.on('data', onData)
  })
}
const [a, b] = await Promise.all([instance(), instance()])

const ids = await (async () => {
  const response = await fetch(`${a.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ artists(genre: "bench", first: 100) { edges { node { id } } } }` }),
  })
  const { data } = (await response.json()) as { data: { artists: { edges: { node: { id: string } }[] } } }
  return data.artists.edges.map((edge) => edge.node.id)
})()

const pairs = await Promise.all(
  ids.slice(0, readers).map(
    (artistId) =>
      new Promise<[ReaderResult, ReaderResult]>((resolve) => {
        let remote: Promise<ReaderResult> | undefined
        const local = readDistinct(a.url, artistId, {
          regenerate: true,
          onFirstText: () => {
            // Join from B once text flows; tokens sent before B caught up are replays, not measured.
            remote = readDistinct(b.url, artistId, { regenerate: false, ignoreBefore: now() + 500 })
          },
        })
        void local.then(async (result) => resolve([result, await remote!]))
      }),
  ),
)

const stats = (results: ReaderResult[]) => {
  const sorted = results.flatMap((r) => r.latencies).sort((x, y) => x - y)
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN
  return { median: q(0.5), p99: q(0.99), samples: sorted.length, errors: results.filter((r) => r.error).length }
}
const same = stats(pairs.map(([local]) => local))
const cross = stats(pairs.map(([, remote]) => remote))
console.log(`Multi-instance bench — ${readers} generations, ${values.tokens} tokens at ${values.rate}/s; each followed on its own instance (A) and from another (B, through Redis).\n`)
console.log('| reader | added latency median (ms) | p99 (ms) | tokens measured | errors |')
console.log('| --- | --- | --- | --- | --- |')
console.log(`| same instance (A) | ${same.median.toFixed(2)} | ${same.p99.toFixed(2)} | ${same.samples} | ${same.errors} |`)
console.log(`| other instance (B) | ${cross.median.toFixed(2)} | ${cross.p99.toFixed(2)} | ${cross.samples} | ${cross.errors} |`)
console.log(`\nCrossing instances adds ${(cross.median - same.median).toFixed(2)} ms per chunk at the median (${(cross.median / same.median).toFixed(2)}×), ${(cross.p99 - same.p99).toFixed(2)} ms at p99.`)

a.stop()
b.stop()
model.kill()
await new Promise((resolve) => setTimeout(resolve, 1000))
await database.drop()
