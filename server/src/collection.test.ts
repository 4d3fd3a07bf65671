import { openDatabase, type Database } from '@portrait/prisma'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seededDataDir } from '../test/tserver.ts'
import { createImportJobs } from './import/jobs.ts'
import { createCollection } from './collection.ts'
import { createFactChecks } from './generation/fact-checks.ts'
import { loadConfig } from './config.ts'
import { createLogger } from './logger.ts'
import { createApp } from './yoga.ts'

describe('collection queries', () => {
  let db: Database
  let remove: () => void
  const queries: string[] = []
  beforeAll(async () => {
    const dir = await seededDataDir()
    remove = dir.remove
    db = await openDatabase({ dataDir: dir.dataDir, onQuery: (sql) => queries.push(sql) })
  })
  afterAll(async () => {
    await db.close()
    remove()
  })

  async function countQueries(first: number) {
    const config = loadConfig({ LOG_LEVEL: 'silent' })
    const collection = createCollection(db.prisma)
    const articles = { generate: async function* () {}, cancel: async () => false, start: async () => { throw new Error('unused') }, generation: async () => null, running: async () => null, activeGenerations: async () => [] }
    const app = createApp({ config, logger: createLogger('silent'), services: { collection, articles, imports: createImportJobs({ prisma: db.prisma, logger: createLogger('silent'), roots: [], maxUploadBytes: 1024 }), facts: createFactChecks(db.prisma).service, runs: {} as never } })
    queries.length = 0
    const response = await app.fetch('http://portrait/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `query ($first: Int) { artists(first: $first) { edges { node { name albums { title } article(language: "en") { id } } } } }`,
        variables: { first },
      }),
    })
    const body = (await response.json()) as { data: { artists: { edges: { node: { albums: unknown[] } }[] } } }
    expect(body.data.artists.edges).toHaveLength(first)
    expect(body.data.artists.edges.every((edge) => edge.node.albums.length > 0)).toBe(true)
    return queries.length
  }

  it('lists 50 artists with their albums and articles in a bounded number of SQL queries', async () => {
    const fifty = await countQueries(50)
    // page + total count + one batch of albums + one batch of articles
    expect(fifty).toBeGreaterThan(0)
    expect(fifty).toBeLessThanOrEqual(4)
    expect(await countQueries(5)).toBe(fifty)
  })
})
