/**
 * A 100,000-album import that nobody notices: a plain CSV of 20,000 artists and 100,000 albums
 * (generated, the same bytes every run) uploaded through the API of a real server process on a
 * fresh embedded database, while a portrait streams from it at a model's steady pace and /health
 * and a small GraphQL query are polled (every 100 and 250 ms, 2 s timeout). Prints, for a quiet
 * spell first (the baseline, same run), the import, then the same file again: the time from upload
 * to report, the longest silence between two chunks of the portrait, the polls' failures and
 * latencies (with ratios to the quiet spell), and the server's peak resident memory (VmHWM).
 * Then the same two imports from the shell (`npm run import`, i.e. server/src/cli/import.ts).
 *
 *   npm run bench:import-scale [-- --artists 20000 --albums 100000 --quiet 5000 --compiled]
 *
 * --compiled runs the server as `npm start` does (build it first: `npm run build`), not from source through tsx.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { openDatabase } from '@portrait/prisma'
import { compiledEntry, sourceEntry, spawnServer } from '../test/tprocess.ts'
import { writeCollectionCsv } from './import/collection.ts'
import {
  countAlbums, gql, importThroughApi, type ImportEvent, observe, peakRss, pollHealth, pollQuery, readPortrait, resetPeak, serverEnv, startModel, type Window,
} from './import/scale.ts'

const { values } = parseArgs({
  options: { artists: { type: 'string', default: '20000' }, albums: { type: 'string', default: '100000' }, quiet: { type: 'string', default: '5000' }, compiled: { type: 'boolean', default: false } },
})
const MB = 1024 * 1024
const now = () => performance.now()
const dir = mkdtempSync(join(tmpdir(), 'portrait-bench-import-scale-'))

/** An empty embedded database with every migration applied, as the server finds it at every start but the first. */
async function migrated(name: string): Promise<string> {
  const dataDir = join(dir, name)
  const db = await openDatabase({ dataDir })
  await db.migrate()
  await db.close()
  return dataDir
}

interface Run {
  name: string
  ms: number
  window: Window
  peakMB: number
  report: ImportEvent
  /** Distinct counts the job reported while writing: the progress moving. */
  writingSteps: number
}

try {
  const csv = await writeCollectionCsv(dir, Number(values.artists), Number(values.albums))
  console.log(`Generated ${csv.artists} artists, ${csv.albums} albums: ${(csv.bytes / MB).toFixed(1)} MB of CSV at ${csv.path}`)

  const model = await startModel()
  const server = await spawnServer({ DATA_DIR: await migrated('server'), ...serverEnv(model.url) }, 60_000, values.compiled ? compiledEntry : sourceEntry)
  const pid = server.child.pid!
  const startedMB = peakRss(pid) / MB
  const runs: Run[] = []
  let quiet: Window
  let counted: Awaited<ReturnType<typeof countAlbums>>
  try {
    const { createArtist } = await gql<{ createArtist: { id: string } }>(server.url, 'mutation { createArtist(input: { name: "Portrait Reader" }) { id } }')
    const reader = readPortrait(server.url, createArtist.id)
    await reader.flowing()
    const health = pollHealth(server.url)
    const query = pollQuery(server.url)
    const from = now()
    await sleep(Number(values.quiet))
    quiet = observe(reader.arrivals, health.samples, query.samples, from, now())
    for (const name of ['import', 're-import (same file)']) {
      resetPeak(pid)
      const from = now()
      const { ms, events, report } = await importThroughApi(server.url, csv.path)
      const window = observe(reader.arrivals, health.samples, query.samples, from, now())
      const writing = events.filter((event) => event.status === 'RUNNING' && event.phase === 'WRITING')
      runs.push({ name, ms, window, peakMB: peakRss(pid) / MB, report, writingSteps: new Set(writing.map((event) => event.albumsAdded + event.albumsUpdated)).size })
      await sleep(1000)
    }
    await Promise.all([health.stop(), query.stop(), reader.stop()])
    if (reader.error()) console.log(`The portrait stream failed: ${reader.error()}`)
    counted = await countAlbums(server.url)
  } finally {
    await server.stop()
    model.stop()
  }

  const ratio = (value: number, base: number) => (base > 0 ? ` (${(value / base).toFixed(1)}×)` : '')
  const row = (cells: string[]) => console.log(cells.map((cell, i) => (i ? cell.padStart(19) : cell.padEnd(22))).join(''))
  console.log(`\nThrough the API, a portrait streaming meanwhile (server ${values.compiled ? 'compiled, as npm start runs it' : 'from source through tsx'}, on PGlite):\n`)
  row(['', 'time', 'longest silence', '/health failed', '/health p99', '/health max', 'query p99', 'peak RSS'])
  row(['quiet (baseline)', `${(Number(values.quiet) / 1000).toFixed(1)} s`, `${Math.round(quiet.silenceMs)} ms`, `${quiet.health.failures}/${quiet.health.count}`, `${Math.round(quiet.health.p99)} ms`, `${Math.round(quiet.health.max)} ms`, `${Math.round(quiet.query.p99)} ms`, `${Math.round(startedMB)} MB`])
  for (const run of runs) {
    const { window: w } = run
    row([
      run.name, `${(run.ms / 1000).toFixed(1)} s`, `${Math.round(w.silenceMs)} ms${ratio(w.silenceMs, quiet.silenceMs)}`, `${w.health.failures}/${w.health.count}`,
      `${Math.round(w.health.p99)} ms${ratio(w.health.p99, quiet.health.p99)}`, `${Math.round(w.health.max)} ms`, `${Math.round(w.query.p99)} ms${ratio(w.query.p99, quiet.query.p99)}`, `${Math.round(run.peakMB)} MB`,
    ])
  }
  console.log('\n(peak RSS: at start, then the peak during each import, from VmHWM reset before it)')
  for (const { name, report, writingSteps } of runs) {
    console.log(`${name}: ${report.artistsAdded} artists and ${report.albumsAdded} albums added, ${report.artistsUpdated + report.albumsUpdated} completed; the job reported ${writingSteps} different counts while writing`)
  }
  console.log(`Counted through the API afterwards: ${counted.artists} artists, ${counted.albums} albums.`)

  console.log('\nFrom the shell (node --import tsx server/src/cli/import.ts, what `npm run import` runs), on a migrated empty database:\n')
  const dataDir = await migrated('shell')
  for (const name of ['import', 're-import (same file)']) {
    const started = now()
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../src/cli/import.ts', import.meta.url)), csv.path], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    let output = ''
    child.stdout.on('data', (data: Buffer) => (output += data))
    let peak = 0
    // VmHWM only grows: the last reading before the exit is the process's peak, within 20 ms.
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, peakRss(child.pid!))
      } catch {
        // exited between two readings
      }
    }, 20)
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    clearInterval(sampler)
    const written = /written in ([\d.]+) s/.exec(output)?.[1]
    console.log(`${name.padEnd(24)} ${((now() - started) / 1000).toFixed(1)} s in all (${written ?? '?'} s writing), peak RSS ${Math.round(peak / MB)} MB${code ? `, exit code ${code}` : ''}`)
    console.log(output.split('\n').filter((line) => /artists:|albums:/.test(line)).map((line) => `  ${line.trim()}`).join('\n'))
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
