import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeModel, type FakeModel } from './fake-model.ts'
import { spawnServer, type ServerProcess } from './tprocess.ts'
import { seededDataDir } from './tserver.ts'
import { sseModes, tsubscribe } from './tsubscribe.ts'

const token = 'portrait-test-token-0123456789'
const providerKey = 'sk-portrait-PROVIDER-KEY-9f8e7d6c5b4a'

let model: FakeModel
let server: ServerProcess
let remove: () => void
let artistIds: string[]
const responses: string[] = []

beforeAll(async () => {
  model = await startFakeModel()
  const dir = await seededDataDir()
  remove = dir.remove
  server = await spawnServer({
    DATA_DIR: dir.dataDir,
    API_TOKENS: `another-token-abcdefghijkl,${token}`,
    CORS_ORIGINS: 'https://portrait.example.org',
    MAX_BODY_BYTES: '5000',
    LLM_BASE_URL: model.url,
    LLM_MODEL: 'fake-model',
    LLM_API_KEY: providerKey,
    LLM_MAX_RETRIES: '0',
    LOG_LEVEL: 'debug',
  })
  const { data } = await gql<{ artists: { edges: { node: { id: string } }[] } }>('{ artists(first: 10) { edges { node { id } } } }')
  artistIds = data!.artists.edges.map((edge) => edge.node.id)
})
afterAll(async () => {
  await server?.stop()
  await model?.close()
  remove?.()
})

async function gql<T = unknown>(query: string, variables: Record<string, unknown> = {}, authorization?: string) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify({ query, variables }),
  })
  const text = await response.text()
  responses.push(text)
  return JSON.parse(text) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] }
}

const subscribe = (mode: (typeof sseModes)[number], variables: Record<string, unknown>, authorization?: string) => {
  const subscription = tsubscribe(server.url, mode, variables, undefined, authorization ? { authorization } : {})
  void subscription.done.then((events) => responses.push(JSON.stringify(events)), () => {})
  return subscription.done
}

describe.each(sseModes)('API tokens, %s mode', (mode) => {
  it('refuses a new generation without a token or with a wrong one, with the error event alone, and no model call', async () => {
    const before = model.requests.length
    for (const authorization of [undefined, 'Bearer wrong-token-0123456789', `Basic ${token}`]) {
      const events = await subscribe(mode, { artistId: artistIds[0], regenerate: true }, authorization)
      expect(events).toEqual([expect.objectContaining({ __typename: 'ArticleError', code: 'UNAUTHENTICATED', retryable: false })])
    }
    expect(model.requests.length).toBe(before)
  })

  it('writes with the right token, and lets anyone read the saved article or join a running generation', async () => {
    const artistId = mode === 'single' ? artistIds[1] : artistIds[2]
    model.setDefault({ tokens: 5 })
    const written = await subscribe(mode, { artistId }, `Bearer ${token}`)
    expect(written.at(-1)).toMatchObject({ __typename: 'ArticleDone' })
    const saved = await subscribe(mode, { artistId })
    expect(saved[0]).toMatchObject({ fromSaved: true })
    expect(saved.at(-1)).toMatchObject({ __typename: 'ArticleDone' })

    model.setDefault({ tokens: 200, paceMs: 10 })
    const running = tsubscribe(server.url, mode, { artistId, regenerate: true }, undefined, { authorization: `Bearer ${token}` })
    const [metadata] = await running.received(2)
    const attached = tsubscribe(server.url, mode, { artistId })
    expect((await attached.received(2))[0]).toMatchObject({ generationId: metadata!.generationId })

    // Cancelling is a change: it needs the token too.
    const refused = await gql('mutation ($id: ID!) { cancelGeneration(id: $id) }', { id: metadata!.generationId })
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
    const wrong = await gql('mutation ($id: ID!) { cancelGeneration(id: $id) }', { id: metadata!.generationId }, 'Bearer nope-nope-nope-nope')
    expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')
    const cancelled = await gql<{ cancelGeneration: boolean }>('mutation ($id: ID!) { cancelGeneration(id: $id) }', { id: metadata!.generationId }, `Bearer ${token}`)
    expect(cancelled.data?.cancelGeneration).toBe(true)
    await Promise.all([running.done, attached.done])
  })
})

describe('HTTP limits and CORS', () => {
  it('answers an allowed origin with CORS headers, including the SSE preflight, and others with none', async () => {
    for (const path of ['/graphql', '/graphql/stream']) {
      const allowed = await fetch(`${server.url}${path}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://portrait.example.org', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      })
      expect(allowed.headers.get('access-control-allow-origin'), path).toBe('https://portrait.example.org')
      expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase(), path).toContain('authorization')
      const other = await fetch(`${server.url}${path}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
      })
      expect(other.headers.get('access-control-allow-origin'), path).toBeNull()
    }
  })

  it('rejects an oversized body with 413', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ genres } # ${'x'.repeat(10_000)}` }),
    })
    expect(response.status).toBe(413)
  })

  it('does not run batched operations', async () => {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ query: '{ genres }' }, { query: '{ genres }' }]),
    })
    expect(response.status).toBeGreaterThanOrEqual(400)
  })

  it('gives no field suggestions in production', async () => {
    const result = await gql('{ artsts { totalCount } }')
    expect(result.errors?.[0]?.message).not.toMatch(/Did you mean/)
  })
})

describe('the provider key', () => {
  it('appears nowhere: not in logs, responses, errors, nor the web app bundle', async () => {
    model.setDefault({ status: 401 })
    const events = await subscribe('distinct', { artistId: artistIds[3], regenerate: true }, `Bearer ${token}`)
    expect(events.at(-1)).toMatchObject({ code: 'UPSTREAM_REJECTED' })
    model.setDefault({ status: 500 })
    await subscribe('single', { artistId: artistIds[4], regenerate: true }, `Bearer ${token}`)
    // The key did reach the provider, as it must: in its header, and nowhere else in the request.
    const sent = model.requests.at(-1)!
    expect(sent.headers.authorization).toBe(`Bearer ${providerKey}`)
    expect(JSON.stringify(sent.body)).not.toContain(providerKey)

    await gql('{ activeGenerations { id } __schema { types { name } } }')
    for (const text of responses) expect(text).not.toContain(providerKey)
    expect(server.output()).toContain('generation ended early')
    expect(server.output()).not.toContain(providerKey)
    expect(server.output()).not.toContain(token)

    const dist = fileURLToPath(new URL('../../client/dist', import.meta.url))
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]))
    for (const file of files(dist)) expect(readFileSync(file, 'utf8'), file).not.toContain(providerKey)
  })
})

describe('binding beyond this machine', () => {
  const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url))
  const start = (env: Record<string, string>) =>
    spawnSync(process.execPath, ['--import', 'tsx', entry], {
      env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', HOST: '0.0.0.0', PORT: '0', API_TOKENS: '', ...env },
      encoding: 'utf8',
      timeout: 30_000,
      killSignal: 'SIGTERM',
    })

  it('refuses to start on 0.0.0.0 without tokens', () => {
    const run = start({})
    expect(run.status).toBe(2)
    expect(run.stderr).toMatch(/HOST="0.0.0.0": binding beyond this machine .* API_TOKENS/)
  })

  it('starts with ALLOW_ANONYMOUS_GENERATION=true, and warns', async () => {
    const dir = await seededDataDir()
    const anonymous = await spawnServer({ HOST: '0.0.0.0', ALLOW_ANONYMOUS_GENERATION: 'true', DATA_DIR: dir.dataDir })
    await expect.poll(() => anonymous.output()).toContain('listening beyond this machine without API_TOKENS')
    await anonymous.stop()
    dir.remove()
  })
})

describe('READ_REQUIRES_TOKEN', () => {
  it('closes reads too: queries and streams need the token', async () => {
    const dir = await seededDataDir()
    const closed = await spawnServer({ DATA_DIR: dir.dataDir, API_TOKENS: token, READ_REQUIRES_TOKEN: 'true' })
    try {
      const ask = (authorization?: string) =>
        fetch(`${closed.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
          body: JSON.stringify({ query: '{ artists { totalCount } }' }),
        })
      const refused = await ask()
      expect(refused.status).toBe(401)
      expect(await refused.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] })
      expect((await ask('Bearer wrong-token-0123456789')).status).toBe(401)
      const allowed = await ask(`Bearer ${token}`)
      expect(allowed.status).toBe(200)
      expect(await allowed.json()).toMatchObject({ data: { artists: { totalCount: expect.any(Number) } } })
      await expect(tsubscribe(closed.url, 'distinct', { artistId: artistIds[0] }).done).rejects.toThrow(/UNAUTHENTICATED|401/)
    } finally {
      await closed.stop()
      dir.remove()
    }
  })
})
