/**
 * What the server adds on top of the model, measured against a raw pass-through in the same run.
 *
 *   npm run bench [-- --readers 1,100,1000 --rate 50 --tokens 400 --soak 10000 --cpu-prof]
 *
 * Starts, on loopback: a fake model that stamps each token with its send time, the baseline
 * pass-through (baseline.ts), and the real server pointed at the fake model. Then drives N
 * concurrent readers against each, in both GraphQL-over-SSE modes; then many readers of one portrait
 * against the fan-out floor (fanout-floor.ts: one model call, each delta written to every reader);
 * then a subscribe/cancel soak. Prints Markdown tables; writes bench/results/<time>.json.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { foldForSearch, openDatabase, seed } from '@portrait/prisma'
import { cpuSeconds, rssBytes } from './proc.ts'
import { readBaseline, readDistinct, readLight, readSingle, readWsLight, type ReaderResult } from './readers.ts'

const { values } = parseArgs({
  options: {
    readers: { type: 'string', default: '1,100,1000' },
    rate: { type: 'string', default: '50' },
    tokens: { type: 'string', default: '400' },
    soak: { type: 'string', default: '10000' },
    'fan-out': { type: 'string', default: '2000,10000' },
    'cpu-prof': { type: 'boolean', default: false },
  },
})
const sizes = values.readers.split(',').map(Number)
const here = fileURLToPath(new URL('.', import.meta.url))
const results = join(here, 'results')
mkdirSync(results, { recursive: true })

// ---------------------------------------------------------------- processes

function start(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port))
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)))
  })
}

const tsx = ['--import', 'tsx']
const model = fork(join(here, 'fake-model.ts'), ['--tokens', values.tokens, '--rate', values.rate], { execArgv: tsx })
const modelUrl = `http://127.0.0.1:${await start(model)}`
const baseline = fork(join(here, 'baseline.ts'), [], { execArgv: tsx, env: { ...process.env, LLM_BASE_URL: `${modelUrl}/v1` } })
const baselineUrl = `http://127.0.0.1:${await start(baseline)}`
const floor = fork(join(here, 'fanout-floor.ts'), [], { execArgv: tsx, env: { ...process.env, LLM_BASE_URL: `${modelUrl}/v1` } })
const floorUrl = `http://127.0.0.1:${await start(floor)}`
const fanOutSizes = values['fan-out'].split(',').map(Number).filter((n) => n > 0)

// The real server gets its own database, with one artist per reader so that each reader has a
// generation of its own, as with the baseline.
const dataDir = mkdtempSync(join(tmpdir(), 'portrait-bench-'))
const artists = Math.max(...sizes, 1)
{
  const db = await openDatabase({ dataDir })
  await db.migrate()
  await seed(db.prisma)
  const rows = Array.from({ length: artists }, (_, i) => ({
    slug: `bench-${i}`,
    name: `Bench Artist ${i}`,
    sortName: `Bench Artist ${String(i).padStart(6, '0')}`,
    searchText: foldForSearch(`bench artist ${i}`),
    genres: ['bench'],
  }))
  // One artist per fan-out size: a second crowd on the same artist would be served the saved portrait.
  fanOutSizes.forEach((_, i) => {
    rows.push({ slug: `bench-fan-out-${i}`, name: `Fan-out Artist ${i}`, sortName: `Fan-out Artist ${i}`, searchText: `fan-out artist ${i}`, genres: ['bench-fan-out'] })
    rows.push({ slug: `bench-fan-out-ws-${i}`, name: `Fan-out WS Artist ${i}`, sortName: `Fan-out WS Artist ${i}`, searchText: `fan-out ws artist ${i}`, genres: ['bench-fan-out-ws'] })
  })
  await db.prisma.artist.createMany({ data: rows, skipDuplicates: true })
  await db.close()
}
const profileDir = join(results, 'profiles')
const server = spawn(
  process.execPath,
  [...tsx, ...(values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), fileURLToPath(new URL('../src/index.ts', import.meta.url))],
  {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: '0',
      DATA_DIR: dataDir,
      DATABASE_URL: '',
      LOG_LEVEL: 'info',
      LLM_BASE_URL: `${modelUrl}/v1`,
      LLM_MODEL: 'bench',
      LLM_STREAM_USAGE: 'false',
      GENERATION_LINGER_MS: '0',
      GENERATION_MAX_READER_LAG_CHARS: '100000000',
      RATE_LIMIT_GENERATIONS: '1000000000',
      MAX_CONCURRENT_GENERATIONS: '1000000',
      // Every reader comes from this one address here.
      MAX_STREAMS_PER_CLIENT: '1000000',
      MAX_PENDING_STREAMS_PER_CLIENT: '1000000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
)
// The server logs at info, as deployed; its address is in the first lines, the rest is drained.
const serverUrl = await new Promise<string>((resolve, reject) => {
  let output = ''
  const onData = (data: Buffer) => {
    output += data
    const port = /"url":"http:\/\/[^:]+:(\d+)"/.exec(output)?.[1]
    if (port) {
      server.stdout!.off('data', onData)
      server.stdout!.resume()
      resolve(`http://127.0.0.1:${port}`)
    }
  }
  server.stdout!.on('data', onData)
  server.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)))
})

const { data: idsData } = (await (
  await fetch(`${serverUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: `{ artists(genre: "bench", first: 100) { totalCount } }` }),
  })
).json()) as { data: { artists: { totalCount: number } } }
if (idsData.artists.totalCount !== artists) throw new Error('bench artists missing')
const artistIds = await listArtistIds('bench')

async function listArtistIds(genre: string): Promise<string[]> {
  const ids: string[] = []
  let after: string | null = null
  for (;;) {
    const response = await fetch(`${serverUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `query ($genre: String, $after: String) { artists(genre: $genre, first: 100, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
        variables: { genre, after },
      }),
    })
    const { data } = (await response.json()) as { data: { artists: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } }
    ids.push(...data.artists.edges.map((edge) => edge.node.id))
    if (!data.artists.pageInfo.hasNextPage) return ids
    after = data.artists.pageInfo.endCursor
  }
}

/** A GET of the bench's own, tried twice: after a long scenario the pooled connection may have been closed as idle. */
const get = (url: string) => fetch(url).catch(() => fetch(url))
const modelStats = async () => (await (await get(`${modelUrl}/stats`)).json()) as { requests: number; open: number }
const serverMetric = async (name: string) => {
  const text = await (await get(`${serverUrl}/metrics`)).text()
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN)
}

// ---------------------------------------------------------------- measuring

const quantile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN)

interface Row {
  target: 'baseline' | 'distinct' | 'single'
  readers: number
  firstTextMedianMs: number
  firstTextP99Ms: number
  addedLatencyMedianMs: number
  addedLatencyP99Ms: number
  cpuSecondsPer1000Events: number
  rssPerReaderKB: number
  events: number
  errors: number
  errorSamples: string[]
  wallSeconds: number
}

async function measure(target: Row['target'], pid: number, readers: number, read: (i: number) => Promise<ReaderResult>): Promise<Row> {
  const idleRss = rssBytes(pid)
  let peakRss = idleRss
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssBytes(pid))), 100)
  const cpuBefore = cpuSeconds(pid)
  const started = performance.now()
  const all = await Promise.all(Array.from({ length: readers }, (_, i) => read(i)))
  const wallSeconds = (performance.now() - started) / 1000
  const cpu = cpuSeconds(pid) - cpuBefore
  clearInterval(sampler)
  const firstText = all.map((r) => r.firstText).filter((v): v is number => v !== null).sort((a, b) => a - b)
  const latencies = all.flatMap((r) => r.latencies).sort((a, b) => a - b)
  const events = all.reduce((sum, r) => sum + r.chunks, 0)
  return {
    target,
    readers,
    firstTextMedianMs: quantile(firstText, 0.5),
    firstTextP99Ms: quantile(firstText, 0.99),
    addedLatencyMedianMs: quantile(latencies, 0.5),
    addedLatencyP99Ms: quantile(latencies, 0.99),
    cpuSecondsPer1000Events: (cpu / Math.max(1, events)) * 1000,
    rssPerReaderKB: (peakRss - idleRss) / readers / 1024,
    events,
    errors: all.filter((r) => r.error || r.chunks < Number(values.tokens)).length,
    errorSamples: [...new Set(all.map((r) => r.error ?? (r.chunks < Number(values.tokens) ? `short stream: ${r.chunks} chunks` : null)).filter(Boolean))].slice(0, 5) as string[],
    wallSeconds,
  }
}

// Warm every path up (JIT, connection pools, the database) before anything is measured.
process.stderr.write('warming up')
await Promise.all(Array.from({ length: 20 }, () => readBaseline(baselineUrl)))
await Promise.all(Array.from({ length: 20 }, (_, i) => readDistinct(serverUrl, artistIds[i % artistIds.length]!)))
await Promise.all(Array.from({ length: 20 }, (_, i) => readSingle(serverUrl, artistIds[i % artistIds.length]!)))

// Fan-out: many readers of one artist share one generation, on the real server and on the floor.
// It runs first, on a server that has not yet held a thousand generations, so that its memory
// figures are its own. The model holds its first token until every reader is in, so the memory
// of idle readers is measured first, then the delivery.
async function fanOut(target: 'floor' | 'server' | 'server, graphql-ws', url: string, pid: number, artistId: string, readers: number) {
  const read = target === 'server, graphql-ws' ? readWsLight : readLight
  process.stderr.write(`\nfan-out: ${readers} readers of one artist, ${target}`)
  const requestsBefore = (await modelStats()).requests
  await fetch(`${modelUrl}/hold`, { method: 'POST' }).catch(() => fetch(`${modelUrl}/hold`, { method: 'POST' }))
  const rssBefore = rssBytes(pid)
  let inCount = 0
  let everyoneIn!: () => void
  const allIn = new Promise<void>((resolve) => (everyoneIn = resolve))
  const reads: Promise<ReaderResult>[] = []
  for (let i = 0; i < readers; i++) {
    // A crowd arriving, not one burst: at most 500 connections opening at a time.
    while (i - inCount >= 500) await new Promise((resolve) => setTimeout(resolve, 5))
    reads.push(read(url, artistId, () => ++inCount === readers && everyoneIn()))
  }
  await Promise.race([allIn, Promise.all(reads)])
  await new Promise((resolve) => setTimeout(resolve, 500))
  const idleRss = rssBytes(pid)
  let peakRss = idleRss
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssBytes(pid))), 100)
  const cpuBefore = cpuSeconds(pid)
  const started = performance.now()
  await fetch(`${modelUrl}/release`, { method: 'POST' }).catch(() => fetch(`${modelUrl}/release`, { method: 'POST' }))
  const results = await Promise.all(reads)
  const seconds = (performance.now() - started) / 1000
  const cpu = cpuSeconds(pid) - cpuBefore
  clearInterval(sampler)
  const latencies = results.flatMap((r) => r.latencies).sort((a, b) => a - b)
  const firstEvents = results.map((r) => r.firstEvent).filter((v): v is number => v !== null).sort((a, b) => a - b)
  const events = results.reduce((sum, r) => sum + r.chunks, 0)
  return {
    target,
    readers,
    connected: inCount,
    modelRequests: (await modelStats()).requests - requestsBefore,
    eventsPerSecond: events / seconds,
    firstEventMedianMs: quantile(firstEvents, 0.5),
    firstEventP99Ms: quantile(firstEvents, 0.99),
    addedLatencyMedianMs: quantile(latencies, 0.5),
    addedLatencyP99Ms: quantile(latencies, 0.99),
    cpuSecondsPer1000Events: (cpu / Math.max(1, events)) * 1000,
    idleKBPerReader: (idleRss - rssBefore) / readers / 1024,
    peakRssMB: peakRss / 1e6,
    errors: results.filter((r) => r.error || r.chunks < Number(values.tokens)).length,
    errorSamples: [...new Set(results.map((r) => r.error ?? (r.chunks < Number(values.tokens) ? `short stream: ${r.chunks} chunks` : null)).filter(Boolean))].slice(0, 5),
  }
}
const fanOutArtists = await listArtistIds('bench-fan-out')
const fanOutWsArtists = await listArtistIds('bench-fan-out-ws')
const fanOutRows: Awaited<ReturnType<typeof fanOut>>[] = []
for (const [i, readers] of fanOutSizes.entries()) {
  fanOutRows.push(await fanOut('floor', floorUrl, floor.pid!, fanOutArtists[i]!, readers))
  fanOutRows.push(await fanOut('server', serverUrl, server.pid!, fanOutArtists[i]!, readers))
  fanOutRows.push(await fanOut('server, graphql-ws', serverUrl, server.pid!, fanOutWsArtists[i]!, readers))
}

const rows: Row[] = []
for (const readers of sizes) {
  process.stderr.write(`\n${readers} readers: baseline`)
  rows.push(await measure('baseline', baseline.pid!, readers, () => readBaseline(baselineUrl)))
  process.stderr.write(', distinct')
  rows.push(await measure('distinct', server.pid!, readers, (i) => readDistinct(serverUrl, artistIds[i]!)))
  process.stderr.write(', single')
  rows.push(await measure('single', server.pid!, readers, (i) => readSingle(serverUrl, artistIds[i]!)))
}

// Soak: subscribe, read the first text, leave; many times, 50 at a time.
const cycles = Number(values.soak)
process.stderr.write(`\nsoak: ${cycles} subscribe/cancel cycles`)
const heapBefore = await serverMetric('portrait_nodejs_heap_size_used_bytes')
const rssBefore = rssBytes(server.pid!)
let next = 0
let soakErrors = 0
const soakStart = performance.now()
await Promise.all(
  Array.from({ length: 50 }, async () => {
    while (next < cycles) {
      const i = next++
      const controller = new AbortController()
      const result = await readDistinct(serverUrl, artistIds[i % artistIds.length]!, { signal: controller.signal, onFirstText: () => controller.abort() })
      if (result.error || result.chunks === 0) soakErrors++
    }
  }),
)
const soakSeconds = (performance.now() - soakStart) / 1000
await new Promise((resolve) => setTimeout(resolve, 1000))
const soak = {
  cycles,
  seconds: soakSeconds,
  errors: soakErrors,
  heapBeforeMB: heapBefore / 1e6,
  heapAfterMB: (await serverMetric('portrait_nodejs_heap_size_used_bytes')) / 1e6,
  rssBeforeMB: rssBefore / 1e6,
  rssAfterMB: rssBytes(server.pid!) / 1e6,
  runningGenerations: await serverMetric('portrait_generations_running'),
  openUpstreamSockets: (await modelStats()).open,
}
process.stderr.write('\n\n')

// ---------------------------------------------------------------- report

const f = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–')
const ratio = (real: number, base: number) => (base > 0 && Number.isFinite(real) ? `${(real / base).toFixed(2)}×` : '–')
console.log(`Portrait bench — ${cpus().length} cores, Node ${process.version}; model: ${values.tokens} tokens at ${values.rate}/s\n`)
console.log('| target | readers | first text median / p99 (ms) | added latency per chunk median / p99 (ms) | server CPU s per 1,000 events | server RSS per reader (KB) | errors |')
console.log('| --- | --- | --- | --- | --- | --- | --- |')
for (const r of rows) {
  if (r.errorSamples.length) process.stderr.write(`${r.target} ${r.readers}: ${r.errorSamples.join('; ')}\n`)
  console.log(`| ${r.target} | ${r.readers} | ${f(r.firstTextMedianMs)} / ${f(r.firstTextP99Ms)} | ${f(r.addedLatencyMedianMs, 2)} / ${f(r.addedLatencyP99Ms, 2)} | ${f(r.cpuSecondsPer1000Events, 3)} | ${f(r.rssPerReaderKB)} | ${r.errors} |`)
}
console.log('\nRatios, real server / baseline (same N, same run):\n')
console.log('| mode | readers | first text p50 | added latency p50 | added latency p99 | CPU per event | RSS per reader |')
console.log('| --- | --- | --- | --- | --- | --- | --- |')
for (const r of rows.filter((row) => row.target !== 'baseline')) {
  const base = rows.find((row) => row.target === 'baseline' && row.readers === r.readers)!
  console.log(`| ${r.target} | ${r.readers} | ${ratio(r.firstTextMedianMs, base.firstTextMedianMs)} | ${ratio(r.addedLatencyMedianMs, base.addedLatencyMedianMs)} | ${ratio(r.addedLatencyP99Ms, base.addedLatencyP99Ms)} | ${ratio(r.cpuSecondsPer1000Events, base.cpuSecondsPer1000Events)} | ${ratio(r.rssPerReaderKB, base.rssPerReaderKB)} |`)
}
console.log('\nFan-out: readers of one portrait, the real server against the fan-out floor (same readers, same model, same run):\n')
console.log('| target | readers | in before the first token | model requests | first event median / p99 (ms) | added latency median / p99 (ms) | CPU s per 1,000 delivered events | idle reader (KB) | peak RSS (MB) | errors |')
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
for (const r of fanOutRows) {
  if (r.errorSamples.length) process.stderr.write(`fan-out ${r.target} ${r.readers}: ${r.errorSamples.join('; ')}\n`)
  console.log(`| ${r.target} | ${r.readers} | ${r.connected} | ${r.modelRequests} | ${f(r.firstEventMedianMs)} / ${f(r.firstEventP99Ms)} | ${f(r.addedLatencyMedianMs, 2)} / ${f(r.addedLatencyP99Ms, 2)} | ${f(r.cpuSecondsPer1000Events, 4)} | ${f(r.idleKBPerReader)} | ${f(r.peakRssMB, 0)} | ${r.errors} |`)
}
console.log('\n| readers | transport | first event p99, server / floor | added latency p99, server / floor | CPU per delivered event, server / floor | CPU per delivered event, graphql-ws / SSE |')
console.log('| --- | --- | --- | --- | --- | --- |')
for (const readers of fanOutSizes) {
  const base = fanOutRows.find((r) => r.target === 'floor' && r.readers === readers)!
  const sse = fanOutRows.find((r) => r.target === 'server' && r.readers === readers)!
  for (const real of fanOutRows.filter((r) => r.target !== 'floor' && r.readers === readers)) {
    const transport = real.target === 'server' ? 'SSE' : 'graphql-ws'
    console.log(`| ${readers} | ${transport} | ${ratio(real.firstEventP99Ms, base.firstEventP99Ms)} | ${ratio(real.addedLatencyP99Ms, base.addedLatencyP99Ms)} | ${ratio(real.cpuSecondsPer1000Events, base.cpuSecondsPer1000Events)} | ${ratio(real.cpuSecondsPer1000Events, sse.cpuSecondsPer1000Events)} |`)
  }
}
console.log(`\nSoak: ${soak.cycles} subscribe/cancel cycles in ${f(soak.seconds)} s, ${soak.errors} errors. Server heap ${f(soak.heapBeforeMB)} → ${f(soak.heapAfterMB)} MB, RSS ${f(soak.rssBeforeMB)} → ${f(soak.rssAfterMB)} MB; running generations after: ${soak.runningGenerations}; open upstream sockets after: ${soak.openUpstreamSockets}.`)

const file = join(results, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
writeFileSync(file, JSON.stringify({ cores: cpus().length, node: process.version, options: values, rows, fanOut: fanOutRows, soak }, null, 2))
console.log(`\nResults: ${file}`)

server.kill('SIGTERM')
model.kill()
baseline.kill()
floor.kill()
await new Promise((resolve) => server.once('exit', resolve))
rmSync(dataDir, { recursive: true, force: true })
