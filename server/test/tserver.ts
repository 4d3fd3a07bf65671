import { openDatabase, seed } from '@portrait/prisma'
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { tempDataDir } from '../../prisma/test/databases.ts'
import { loadConfig, type Config } from '../src/config.ts'
import { createLogger } from '../src/logger.ts'
import { startServer, type RunningServer } from '../src/server.ts'
import { createFakeModel } from './fake-model.ts'

/** A seeded embedded database in a temporary directory. */
export async function seededDataDir(): Promise<{ dataDir: string; remove: () => void }> {
  const dir = tempDataDir()
  const db = await openDatabase({ dataDir: dir.dataDir })
  await db.migrate()
  await seed(db.prisma)
  await db.close()
  return dir
}

export interface TestServer {
  url: string
  config: Config
  /** POSTs a GraphQL operation and returns the parsed response. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<{ data?: T; errors?: { message: string; extensions?: Record<string, unknown> }[] }>
  close(): Promise<void>
}

/** Starts the real server on a free port over a seeded (or empty) temporary database, for one test file. */
export function useTestServer(env: Record<string, string> | (() => Record<string, string>) = {}, { empty = false } = {}): () => TestServer {
  let server: RunningServer
  let config: Config
  let remove: () => void
  beforeAll(async () => {
    const dir = empty ? tempDataDir() : await seededDataDir()
    remove = dir.remove
    config = loadConfig({ PORT: '0', DATA_DIR: dir.dataDir, LOG_LEVEL: 'silent', ...(typeof env === 'function' ? env() : env) })
    server = await startServer(config, createLogger(config.logLevel))
  })
  afterAll(async () => {
    await server?.close()
    remove?.()
  })
  return () => ({
    url: server.url,
    config,
    async gql(query, variables) {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ query, variables }),
      })
      return response.json()
    },
    close: () => server.close(),
  })
}

/**
 * The real server in front of the fake model, for one test file: the model is reset before each
 * test, and `freshArtist()` hands out a different seeded artist each time it is called.
 */
export function useModelServer(env: Record<string, string> = {}) {
  const model = createFakeModel()
  beforeAll(() => model.listen())
  afterAll(() => model.close())
  const server = useTestServer(() => ({ LLM_BASE_URL: model.url, LLM_MODEL: 'fake-model', ...env }))
  let artistIds: string[] = []
  let next = 0
  beforeAll(async () => {
    const { data } = await server().gql<{ artists: { edges: { node: { id: string } }[] } }>('{ artists(first: 100) { edges { node { id } } } }')
    artistIds = data!.artists.edges.map((edge) => edge.node.id)
  })
  beforeEach(() => {
    model.requests.length = 0
    model.setDefault({})
  })
  return { model, server, freshArtist: () => artistIds[next++ % artistIds.length]! }
}
