/**
 * Portrait runs through real started servers and the fake model: a whole collection written
 * unattended, within a budget, through kills and provider rate limits, with room kept for people.
 */
import { openDatabase, seed } from '@portrait/prisma'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { freshPostgresDatabase, postgresUrl } from '../../prisma/test/databases.ts'
import { startFakeModel, type FakeModel } from './fake-model.ts'
import { spawnServer, type ServerProcess } from './tprocess.ts'
import { seededDataDir } from './tserver.ts'
import { tsubscribe } from './tsubscribe.ts'

const RUN = `id status total done failed remaining tokens budgetTokens pausedUntil etaMs`

async function gql<T>(server: ServerProcess, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) })
  const body = (await response.json()) as { data: T; errors?: unknown[] }
  if (body.errors) throw new Error(JSON.stringify(body.errors))
  return body.data
}

interface Run {
  id: string
  status: string
  total: number
  done: number
  failed: number
  remaining: number
  tokens: number
  pausedUntil: string | null
}

const runOf = async (server: ServerProcess, id: string) => (await gql<{ portraitRun: Run }>(server, `query ($id: ID!) { portraitRun(id: $id) { ${RUN} } }`, { id })).portraitRun

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 120_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = await read().catch(() => undefined)
    if (value !== undefined && done(value)) return value
    if (Date.now() > deadline) throw new Error(`not reached in ${ms} ms: ${JSON.stringify(value)}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

const ended = (run: Run) => !['QUEUED', 'RUNNING', 'PAUSED'].includes(run.status)

/** The complete portraits of each artist, read through the API. */
async function completeCounts(server: ServerProcess, ids: string[]) {
  const counts = new Map<string, number>()
  for (const id of ids) {
    const { artist } = await gql<{ artist: { portraits: { status: string; language: string }[] } }>(
      server,
      'query ($id: ID!) { artist(id: $id) { portraits { status language } } }',
      { id },
    )
    counts.set(id, artist.portraits.filter((portrait) => portrait.status === 'COMPLETE' && portrait.language === 'en').length)
  }
  return counts
}

const runItems = async (server: ServerProcess, id: string) =>
  (await gql<{ portraitRun: { items: { status: string; artist: { id: string } }[] } }>(server, 'query ($id: ID!) { portraitRun(id: $id) { items(first: 100) { status artist { id } } } }', { id }))
    .portraitRun.items

const start = (server: ServerProcess, input: Record<string, unknown>) =>
  gql<{ startPortraitRun: Run }>(server, `mutation ($input: PortraitRunInput!) { startPortraitRun(input: $input) { ${RUN} } }`, {
    input: { options: { language: 'en', length: 'SHORT' }, ...input },
  }).then((data) => data.startPortraitRun)

// Each test starts servers and writes many portraits: on a busy machine that takes its time.
describe('portrait runs, on the embedded database', { timeout: 180_000 }, () => {
  let model: FakeModel
  let dir: { dataDir: string; remove: () => void }
  let server: ServerProcess | undefined
  const env = (extra: Record<string, string> = {}) => ({
    DATA_DIR: dir.dataDir, LLM_BASE_URL: model.url, LLM_MODEL: 'fake-model', LLM_MAX_RETRIES: '0', RUN_CONCURRENCY: '2', GENERATION_LINGER_MS: '0', ...extra,
  })
  beforeAll(async () => {
    model = await startFakeModel()
  })
  afterAll(async () => {
    await model?.close()
  })
  afterEach(async () => {
    await server?.stop('SIGKILL')
    server = undefined
    dir?.remove()
  })

  const artistIds = async (count: number) =>
    (await gql<{ artists: { edges: { node: { id: string } }[] } }>(server!, 'query ($n: Int) { artists(first: $n) { edges { node { id } } } }', { n: count })).artists.edges.map((edge) => edge.node.id)

  it('writes a portrait for each of 30 artists with one model call each, and estimates the run before it starts', async () => {
    dir = await seededDataDir()
    server = await spawnServer(env())
    model.requests.length = 0
    model.setDefault({ tokens: 20, paceMs: 2 })
    const ids = await artistIds(30)
    const { estimatePortraitRun: estimate } = await gql<{ estimatePortraitRun: { artists: number; tokens: number; cost: number | null } }>(
      server,
      'query ($input: PortraitRunInput!) { estimatePortraitRun(input: $input) { artists tokens cost } }',
      { input: { artistIds: ids, options: { language: 'en', length: 'SHORT' } } },
    )
    expect(estimate).toMatchObject({ artists: 30, cost: null })
    expect(estimate.tokens).toBeGreaterThan(30 * 100)
    const run = await start(server, { artistIds: ids })
    expect(run).toMatchObject({ status: 'RUNNING', total: 30, remaining: 30 })
    const finished = await until(() => runOf(server!, run.id), ended)
    expect(finished).toMatchObject({ status: 'COMPLETE', done: 30, failed: 0, remaining: 0, tokens: 30 * (120 + 20) })
    expect(model.requests).toHaveLength(30)
    expect([...(await completeCounts(server, ids)).values()]).toEqual(Array(30).fill(1))
    // Nothing is left to write with these options: a second run over the same artists finds none.
    await expect(start(server, { artistIds: ids })).rejects.toThrow(/NO_ARTISTS/)
  })

  it('says which portraits of a run state something the collection contradicts', async () => {
    dir = await seededDataDir()
    server = await spawnServer(env())
    // The same text for both: Björk's collection holds Homogenic from 1997; Portishead's holds no such album.
    model.setDefault({ tokens: ['## Work\n\n', 'The album *Homogenic* ', '(1995) is a landmark ', 'of the decade.\n'], paceMs: 2 })
    const idOf = async (name: string) =>
      (await gql<{ artists: { edges: { node: { id: string } }[] } }>(server!, 'query ($q: String) { artists(search: $q, first: 1) { edges { node { id } } } }', { q: name })).artists.edges[0]!.node.id
    const [bjork, portishead] = [await idOf('Björk'), await idOf('Portishead')]
    const run = await start(server, { artistIds: [bjork, portishead] })
    await until(() => runOf(server!, run.id), ended)
    const { portraitRun } = await gql<{ portraitRun: { contradicted: number; all: { artist: { id: string }; contradictions: number }[]; toRead: { artist: { id: string } }[] } }>(
      server,
      `query ($id: ID!) { portraitRun(id: $id) {
        contradicted
        all: items { artist { id } contradictions }
        toRead: items(contradicted: true) { artist { id } }
      } }`,
      { id: run.id },
    )
    expect(portraitRun.contradicted).toBe(1)
    expect(Object.fromEntries(portraitRun.all.map((item) => [item.artist.id, item.contradictions]))).toEqual({ [bjork]: 1, [portishead]: 0 })
    expect(portraitRun.toRead.map((item) => item.artist.id)).toEqual([bjork])
  })

  it('resumes by itself after a SIGKILL mid-portrait, and writes each artist exactly once', async () => {
    dir = await seededDataDir()
    server = await spawnServer(env())
    const ids = await artistIds(12)
    model.setDefault({ tokens: 150, paceMs: 10 })
    const run = await start(server, { artistIds: ids })
    // Killed while portraits are being written, some already done.
    await until(() => runOf(server!, run.id), (r) => r.done >= 3)
    await server.stop('SIGKILL')
    server = await spawnServer(env())
    const finished = await until(() => runOf(server!, run.id), ended, 150_000)
    expect(finished).toMatchObject({ status: 'COMPLETE', done: 12, failed: 0 })
    expect([...(await completeCounts(server, ids)).values()]).toEqual(Array(12).fill(1))
  })

  it('stops at the portrait that would pass the budget, with BUDGET_REACHED', async () => {
    dir = await seededDataDir()
    server = await spawnServer(env())
    const ids = await artistIds(20)
    model.setDefault({ tokens: 30, paceMs: 1 })
    // One portrait costs 120 prompt + 30 completion tokens: the budget covers ten.
    const run = await start(server, { artistIds: ids, budgetTokens: 10 * 150 })
    const finished = await until(() => runOf(server!, run.id), ended)
    expect(finished).toMatchObject({ status: 'BUDGET_REACHED', done: 10, tokens: 1500, remaining: 10 })
    // A portrait that was waiting for room when the budget ran out goes back to waiting.
    const items = await until(() => runItems(server!, run.id), (all) => !all.some((item) => item.status === 'RUNNING'))
    expect(items.filter((item) => item.status === 'DONE')).toHaveLength(10)
    expect(items.filter((item) => item.status === 'QUEUED')).toHaveLength(10)
  })

  it('counts what the portraits cost once prices are set, and stops at a money budget', async () => {
    dir = await seededDataDir()
    server = await spawnServer(env({ LLM_PRICE_INPUT_PER_MTOK: '1000', LLM_PRICE_OUTPUT_PER_MTOK: '2000', LLM_PRICE_CURRENCY: 'EUR' }))
    const ids = await artistIds(12)
    model.setDefault({ tokens: 30, paceMs: 1 })
    // 120 prompt tokens at 1000 per million and 30 completion tokens at 2000: 0.18 EUR a portrait.
    const run = await start(server, { artistIds: ids, budgetCost: 0.91 })
    await until(() => runOf(server!, run.id), ended)
    const { portraitRun } = await gql<{ portraitRun: { status: string; done: number; cost: number; currency: string } }>(
      server,
      'query ($id: ID!) { portraitRun(id: $id) { status done cost currency } }',
      { id: run.id },
    )
    expect(portraitRun).toMatchObject({ status: 'BUDGET_REACHED', done: 5, currency: 'EUR' })
    expect(portraitRun.cost).toBeCloseTo(0.9, 6)
  })

  it('waits out the provider’s Retry-After for the whole run rather than hammering it', async () => {
    dir = await seededDataDir()
    server = await spawnServer(env({ RUN_CONCURRENCY: '1' }))
    const ids = await artistIds(3)
    model.requests.length = 0
    model.setDefault({ tokens: 10 })
    model.script({ tokens: 10 }, { status: 429, retryAfter: 2 })
    const run = await start(server, { artistIds: ids })
    const finished = await until(() => runOf(server!, run.id), ended)
    expect(finished).toMatchObject({ status: 'COMPLETE', done: 3, failed: 0 })
    expect(model.requests).toHaveLength(4)
    const [, limited, next] = model.requests
    // The request after the 429 waited its two seconds.
    expect(next!.startedAt - limited!.endedAt!).toBeGreaterThanOrEqual(1_900)
  })

  it('serves a person who presses Generate during a run at once, and lets them open a run’s portrait live', async () => {
    dir = await seededDataDir()
    server = await spawnServer(env({ MAX_CONCURRENT_GENERATIONS: '3', RUN_CONCURRENCY: '4' }))
    const ids = await artistIds(11)
    model.setDefault({ tokens: 300, paceMs: 10 })
    const run = await start(server, { artistIds: ids.slice(0, 10) })
    // Every slot a run may take is taken.
    await until(() => runItems(server!, run.id), (items) => items.filter((item) => item.status === 'RUNNING').length >= 2)
    const asked = performance.now()
    const person = tsubscribe(server.url, 'distinct', { artistId: ids[10], options: { language: 'en', length: 'SHORT' } })
    const [first] = await person.received(2)
    expect(first).toMatchObject({ __typename: 'ArticleMetadata', fromSaved: false })
    expect(performance.now() - asked).toBeLessThan(1_000)
    person.unsubscribe()
    // A run's portrait is an ordinary generation: anyone can open it live.
    const [writing] = (
      await gql<{ portraitRun: { items: { generationId: string | null; artist: { id: string } }[] } }>(
        server,
        'query ($id: ID!) { portraitRun(id: $id) { items(first: 10, status: [RUNNING]) { generationId artist { id } } } }',
        { id: run.id },
      )
    ).portraitRun.items.filter((item) => item.generationId)
    const live = tsubscribe(server.url, 'single', { artistId: writing!.artist.id, options: { language: 'en', length: 'SHORT' } })
    const [metadata] = await live.received(2)
    expect(metadata).toMatchObject({ generationId: writing!.generationId })
    live.unsubscribe()
    await gql(server, 'mutation ($id: ID!) { cancelPortraitRun(id: $id) { status } }', { id: run.id })
    const cancelled = await until(() => runItems(server!, run.id), (items) => !items.some((item) => item.status === 'RUNNING' || item.status === 'QUEUED'))
    expect(cancelled.filter((item) => item.status === 'CANCELLED').length).toBeGreaterThan(0)
    expect((await runOf(server, run.id)).status).toBe('CANCELLED')
  })

  it('pauses and resumes: nothing new starts while paused, and the run then ends complete', async () => {
    dir = await seededDataDir()
    server = await spawnServer(env())
    const ids = await artistIds(8)
    model.setDefault({ tokens: 40, paceMs: 10 })
    const run = await start(server, { artistIds: ids })
    await until(() => runOf(server!, run.id), (r) => r.done >= 1)
    await gql(server, 'mutation ($id: ID!) { pausePortraitRun(id: $id) { status } }', { id: run.id })
    await until(() => runItems(server!, run.id), (items) => !items.some((item) => item.status === 'RUNNING'))
    const calls = model.requests.length
    const paused = await runOf(server, run.id)
    await new Promise((resolve) => setTimeout(resolve, 2_500))
    expect(model.requests.length).toBe(calls)
    expect(await runOf(server, run.id)).toMatchObject({ status: 'PAUSED', done: paused.done })
    await expect(gql(server, 'mutation ($id: ID!) { pausePortraitRun(id: $id) { status } }', { id: run.id })).rejects.toThrow(/RUN_STATE/)
    await gql(server, 'mutation ($id: ID!) { resumePortraitRun(id: $id) { status } }', { id: run.id })
    expect(await until(() => runOf(server!, run.id), ended)).toMatchObject({ status: 'COMPLETE', done: 8 })
  })
})

const pg = postgresUrl()
describe.runIf(pg)('portrait runs, on PostgreSQL with two instances', { timeout: 180_000 }, () => {
  it('shares a run between two instances; one killed, the other finishes it: nothing lost, nothing doubled', async () => {
    const model = await startFakeModel()
    const database = await freshPostgresDatabase(pg!)
    const db = await openDatabase({ databaseUrl: database.url })
    await db.migrate()
    await seed(db.prisma)
    await db.close()
    const env = { DATABASE_URL: database.url, LLM_BASE_URL: model.url, LLM_MODEL: 'fake-model', LLM_MAX_RETRIES: '0', RUN_CONCURRENCY: '2', GENERATION_LINGER_MS: '0', RUN_HEARTBEAT_MS: '1000' }
    const [a, b] = await Promise.all([spawnServer(env), spawnServer(env)])
    try {
      model.setDefault({ tokens: 100, paceMs: 10 })
      const { artists } = await gql<{ artists: { edges: { node: { id: string } }[] } }>(a, '{ artists(first: 16) { edges { node { id } } } }')
      const ids = artists.edges.map((edge) => edge.node.id)
      const run = await start(a, { artistIds: ids })
      await until(() => runOf(b, run.id), (r) => r.done >= 2)
      await a.stop('SIGKILL')
      const finished = await until(() => runOf(b, run.id), ended, 120_000)
      expect(finished).toMatchObject({ status: 'COMPLETE', done: 16, failed: 0 })
      expect([...(await completeCounts(b, ids)).values()]).toEqual(Array(16).fill(1))
    } finally {
      await Promise.all([a.stop('SIGKILL'), b.stop('SIGKILL')])
      await model.close()
      await database.drop()
    }
  })
})
