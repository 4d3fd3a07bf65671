/**
 * Start-up figures of the default install: the first start on an empty data directory (creates
 * the embedded database and applies the migrations), a warm start, and the idle server's memory,
 * for the compiled server (`npm start`) against the TypeScript sources run through tsx, measured
 * in the same run. Build first (`npm run build`).
 *
 *   npm run bench:startup
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { rssBytes } from './proc.ts'

const source = fileURLToPath(new URL('../src/index.ts', import.meta.url))
const compiled = fileURLToPath(new URL('../dist/index.js', import.meta.url))
if (!existsSync(compiled)) throw new Error(`${compiled} is missing: run \`npm run build\` first`)

async function start(dataDir: string, args: string[]) {
  const started = performance.now()
  const child = spawn(process.execPath, args, {
    env: { ...process.env, PORT: '0', DATA_DIR: dataDir, DATABASE_URL: '', REDIS_URL: '', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise<void>((resolve, reject) => {
    let output = ''
    child.stdout!.on('data', (data: Buffer) => {
      output += data
      if (output.includes('portrait is listening')) resolve()
    })
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)))
  })
  const seconds = (performance.now() - started) / 1000
  await new Promise((resolve) => setTimeout(resolve, 3000))
  const rss = rssBytes(child.pid!)
  const stopping = performance.now()
  child.kill('SIGTERM')
  await new Promise((resolve) => child.once('exit', resolve))
  return { seconds, rssMB: rss / 1e6, stopSeconds: (performance.now() - stopping) / 1000 }
}

type Figures = Awaited<ReturnType<typeof start>>
async function measure(args: string[]) {
  const dataDir = mkdtempSync(join(tmpdir(), 'portrait-startup-'))
  const cold = await start(dataDir, args)
  const warm = await start(dataDir, args)
  rmSync(dataDir, { recursive: true, force: true })
  return { cold, warm }
}

// Alternated, so that both see the same machine.
const runs = { source: [] as { cold: Figures; warm: Figures }[], compiled: [] as { cold: Figures; warm: Figures }[] }
for (let i = 0; i < 2; i++) {
  runs.source.push(await measure(['--import', 'tsx', source]))
  runs.compiled.push(await measure(['--enable-source-maps', compiled]))
}
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!
const figure = (which: keyof typeof runs, phase: 'cold' | 'warm', field: keyof Figures) => median(runs[which].map((run) => run[phase][field]))

console.log('| start | source via tsx (s) | compiled (s) | compiled / source | idle RSS, source (MB) | idle RSS, compiled (MB) | compiled / source |')
console.log('| --- | --- | --- | --- | --- | --- | --- |')
for (const phase of ['cold', 'warm'] as const) {
  const [ts, js] = [figure('source', phase, 'seconds'), figure('compiled', phase, 'seconds')]
  const [tsRss, jsRss] = [figure('source', phase, 'rssMB'), figure('compiled', phase, 'rssMB')]
  const label = phase === 'cold' ? 'first, empty data directory' : 'warm'
  console.log(`| ${label} | ${ts.toFixed(2)} | ${js.toFixed(2)} | ${(js / ts).toFixed(2)} | ${tsRss.toFixed(0)} | ${jsRss.toFixed(0)} | ${(jsRss / tsRss).toFixed(2)} |`)
}
console.log(`SIGTERM to exit, compiled warm start: ${figure('compiled', 'warm', 'stopSeconds').toFixed(2)} s`)
