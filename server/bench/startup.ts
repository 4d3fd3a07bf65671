/**
 * Start-up figures of the default install: the first start on an empty data directory (creates
 * the embedded database and applies the migrations), a warm start, and the idle server's memory.
 *
 *   npm run bench:startup
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { rssBytes } from './proc.ts'

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url))

async function start(dataDir: string) {
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
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

const dataDir = mkdtempSync(join(tmpdir(), 'portrait-startup-'))
const cold = await start(dataDir)
const warm = await start(dataDir)
rmSync(dataDir, { recursive: true, force: true })
console.log('| start | until listening (s) | idle RSS after 3 s (MB) | SIGTERM to exit (s) |')
console.log('| --- | --- | --- | --- |')
console.log(`| first, empty data directory | ${cold.seconds.toFixed(2)} | ${cold.rssMB.toFixed(0)} | ${cold.stopSeconds.toFixed(2)} |`)
console.log(`| warm | ${warm.seconds.toFixed(2)} | ${warm.rssMB.toFixed(0)} | ${warm.stopSeconds.toFixed(2)} |`)
