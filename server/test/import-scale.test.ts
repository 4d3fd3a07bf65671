import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDataDir } from '../../prisma/test/databases.ts'
import { writeCollectionCsv, type ScaleCollection } from '../bench/import/collection.ts'
import { countAlbums, gql, importThroughApi, observe, pollHealth, readPortrait, serverEnv, startModel } from '../bench/import/scale.ts'
import { spawnServer, type ServerProcess } from './tprocess.ts'

// Generous for a loaded two-core machine: the portrait's chunks come every 20 ms, and a blocked
// server (one long statement, or one transaction holding the embedded database) stalls for seconds.
const MAX_SILENCE_MS = 2000
const HEALTH_TIMEOUT_MS = 2000

describe('a 100,000-album import through the API, while a portrait streams', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portrait-import-scale-'))
  const data = tempDataDir()
  let csv: ScaleCollection
  let model: Awaited<ReturnType<typeof startModel>>
  let server: ServerProcess
  beforeAll(async () => {
    csv = await writeCollectionCsv(dir, 20_000, 100_000)
    model = await startModel()
    server = await spawnServer({ DATA_DIR: data.dataDir, ...serverEnv(model.url) })
  })
  afterAll(async () => {
    await server?.stop()
    model?.stop()
    data.remove()
    rmSync(dir, { recursive: true, force: true })
  })

  /** Imports the file through the API while a portrait is read and /health polled, and says what they saw. */
  async function importWhileReading(artistId: string) {
    const reader = readPortrait(server.url, artistId)
    await reader.flowing()
    const health = pollHealth(server.url, 100, HEALTH_TIMEOUT_MS)
    const from = performance.now()
    try {
      const run = await importThroughApi(server.url, csv.path)
      return { ...run, seen: observe(reader.arrivals, health.samples, [], from, performance.now()), readerError: reader.error() }
    } finally {
      await Promise.all([health.stop(), reader.stop()])
    }
  }

  it('keeps the portrait flowing and /health answering, writes every album, and adds nothing the second time', { timeout: 90_000 }, async () => {
    const { createArtist } = await gql<{ createArtist: { id: string } }>(server.url, 'mutation { createArtist(input: { name: "Portrait Reader" }) { id } }')

    const first = await importWhileReading(createArtist.id)
    expect(first.readerError).toBeNull()
    expect(first.seen.health).toMatchObject({ failures: 0 })
    expect(first.seen.health.count).toBeGreaterThan(10)
    expect(first.seen.silenceMs).toBeLessThan(MAX_SILENCE_MS)
    expect(first.report).toMatchObject({ status: 'COMPLETE', filesTotal: 100_000, artistsAdded: 20_000, albumsAdded: 100_000, problemCount: 0 })
    // The job's counts move while it writes, not only at its end.
    const writing = first.events.filter((event) => event.status === 'RUNNING' && event.phase === 'WRITING').map((event) => event.albumsAdded)
    expect(new Set(writing).size).toBeGreaterThan(2)
    expect(await countAlbums(server.url)).toEqual({ artists: 20_001, albums: 100_000 })

    const again = await importWhileReading(createArtist.id)
    expect(again.seen.health).toMatchObject({ failures: 0 })
    expect(again.seen.silenceMs).toBeLessThan(MAX_SILENCE_MS)
    expect(again.report).toMatchObject({ status: 'COMPLETE', artistsAdded: 0, artistsUpdated: 0, albumsAdded: 0, albumsUpdated: 0 })
    expect(await countAlbums(server.url)).toEqual({ artists: 20_001, albums: 100_000 })
  })
})
