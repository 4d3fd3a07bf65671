import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openDatabase } from '@portrait/prisma'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { spawnServer, type ServerProcess } from './tprocess.ts'
import { postgresBin, privatePostgres, type PrivatePostgres } from './tpostgres.ts'
import { sseModes, tsubscribe, type Event } from './tsubscribe.ts'

const fixtures = fileURLToPath(new URL('fixtures/', import.meta.url))
const token = 'import-cluster-token-0123456789'
const auth = { authorization: `Bearer ${token}` }
const jobFields = 'id status phase filesTotal filesRead artistsAdded albumsAdded problemCount error { code message } finishedAt'
const progress = `subscription ($id: ID!) { importProgress(id: $id) { ${jobFields} } }`

describe.runIf(postgresBin())('imports seen from every instance of one database', () => {
  let database: PrivatePostgres
  let root: string
  const instances: ServerProcess[] = []
  const env = () => ({ DATABASE_URL: database.url, API_TOKENS: token, IMPORT_ROOTS: root })

  const gql = async <T = Record<string, Event | null>,>(instance: ServerProcess, query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${instance.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...auth },
      body: JSON.stringify({ query, variables }),
    })
    return (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] }
  }
  const jobOn = async (instance: ServerProcess, id: string) =>
    (await gql<{ importJob: Event | null }>(instance, `query ($id: ID!) { importJob(id: $id) { ${jobFields} } }`, { id })).data!.importJob

  beforeAll(async () => {
    database = await privatePostgres()
    const db = await openDatabase({ databaseUrl: database.url })
    await db.migrate()
    await db.close()
    // The tagged fixtures many times over: a scan that lasts long enough to be cut short.
    root = mkdtempSync(join(tmpdir(), 'portrait-import-cluster-'))
    for (let i = 0; i < 400; i++) cpSync(join(fixtures, 'music/library'), join(root, 'library', `copy-${i}`), { recursive: true })
    instances.push(...(await Promise.all([spawnServer(env()), spawnServer(env())])))
  })
  afterAll(async () => {
    await Promise.all(instances.map((instance) => instance.stop()))
    await database?.remove()
    if (root) rmSync(root, { recursive: true, force: true })
  })

  it.each(sseModes)('follows an import started on one instance from the other, to its report (%s)', async (mode) => {
    const [a, b] = instances as [ServerProcess, ServerProcess]
    const started = await gql<{ loadDemoCollection: Event }>(a, 'mutation { loadDemoCollection { id status } }')
    const id = started.data!.loadDemoCollection.id as string
    const watched = await tsubscribe(b.url, mode, { id }, progress, auth).done
    expect(watched.at(-1)).toMatchObject({ id, status: 'COMPLETE', phase: 'DONE', error: null })
    expect(await jobOn(b, id)).toEqual(watched.at(-1))
    expect(await jobOn(a, id)).toEqual(watched.at(-1))
  })

  it('ends FAILED, with what was written, a job whose instance was killed', async () => {
    const owner = await spawnServer(env())
    const [, b] = instances as [ServerProcess, ServerProcess]
    const count = async () => (await gql<{ artists: { totalCount: number } }>(b, '{ artists { totalCount } }')).data!.artists.totalCount
    const before = await count()
    const started = await gql<{ importFolder: Event }>(owner, 'mutation ($p: String!) { importFolder(path: $p) { id } }', { p: join(root, 'library') })
    const id = started.data!.importFolder.id as string
    await expect.poll(async () => (await jobOn(b, id))?.status).toBe('RUNNING')
    const watcher = tsubscribe(b.url, 'distinct', { id }, progress, auth)
    await watcher.received(1)
    await owner.stop('SIGKILL')
    const events = await watcher.done
    expect(events.at(-1)).toMatchObject({ id, status: 'FAILED', phase: 'DONE', artistsAdded: 0, albumsAdded: 0, error: { code: 'INTERRUPTED' } })
    expect(events.at(-1)!.error.message).toMatch(/nothing was written/)
    expect(events.at(-1)!.finishedAt).toBeTruthy()
    expect(await jobOn(b, id)).toEqual(events.at(-1))
    expect(await count()).toBe(before)
  })
})
