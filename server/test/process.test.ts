import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seededDataDir } from './tserver.ts'
import { compiledEntry, spawnServer } from './tprocess.ts'

const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url))

describe('server process', () => {
  let dataDir: string
  let remove: () => void
  beforeAll(async () => {
    ;({ dataDir, remove } = await seededDataDir())
  })
  afterAll(() => remove())

  it('refuses to start on bad configuration, naming each bad variable', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', entry], {
      env: { ...process.env, PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' },
      encoding: 'utf8',
      timeout: 30_000,
    })
    expect(run.status).toBe(2)
    expect(run.stderr).toContain('PORT="eighty"')
    expect(run.stderr).toContain('DATABASE_URL="mysql://x": expected postgresql://')
    expect(run.stderr).toContain('LOG_LEVEL="loud"')
  })

  it('runs compiled, as `npm start` does: reports health, shuts down promptly on SIGTERM, and keeps its data for the next start', async () => {
    const server = await spawnServer({ DATA_DIR: dataDir }, 60_000, compiledEntry)
    const health = await fetch(`${server.url}/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ ok: true, database: { kind: 'pglite', status: 'up' } })
    const metrics = await fetch(`${server.url}/metrics`)
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/)
    const text = await metrics.text()
    expect(text).toMatch(/^portrait_generations_running 0$/m)
    expect(text).toMatch(/^portrait_process_resident_memory_bytes \d+/m)
    // A second server on the same directory is refused while this one runs.
    await expect(spawnServer({ DATA_DIR: dataDir }, 60_000, compiledEntry)).rejects.toThrow(/already open in process/)

    const started = performance.now()
    expect(await server.stop('SIGTERM')).toBe(0)
    expect(performance.now() - started).toBeLessThan(5_000)
    expect(existsSync(join(dataDir, 'portrait.lock'))).toBe(false)

    const again = await spawnServer({ DATA_DIR: dataDir }, 60_000, compiledEntry)
    const response = await fetch(`${again.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ artists { totalCount } }' }),
    })
    expect(await response.json()).toMatchObject({ data: { artists: { totalCount: expect.any(Number) } } })
    expect(await again.stop('SIGINT')).toBe(0)
  })
})
