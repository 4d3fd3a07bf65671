/**
 * What a large import through the API does to everything else the server serves, measured from
 * outside: a portrait streamed meanwhile (the longest silence between two of its chunks), /health
 * and a small GraphQL query polled on a fixed beat, and the server's peak resident memory.
 * Shared by `npm run bench:import-scale` and server/test/import-scale.test.ts.
 */
import { fork, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createParser } from 'eventsource-parser'
import { createClient } from 'graphql-sse'

export const token = 'import-scale-token-0123456789'
const auth = { authorization: `Bearer ${token}` }

/** The server's own settings for these runs: a model answering at a steady pace, and the API token. */
export const serverEnv = (modelUrl: string) => ({
  API_TOKENS: token,
  LLM_BASE_URL: `${modelUrl}/v1`,
  LLM_MODEL: 'bench',
  LLM_STREAM_USAGE: 'false',
  GENERATION_LINGER_MS: '0',
})

/** bench/fake-model.ts in a process of its own: `rate` tokens a second, for as long as a reader reads. */
export async function startModel(rate = 50): Promise<{ url: string; child: ChildProcess; stop(): void }> {
  const child = fork(fileURLToPath(new URL('../fake-model.ts', import.meta.url)), ['--tokens', '100000000', '--rate', String(rate)], { execArgv: ['--import', 'tsx'] })
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port: number }) => resolve(message.port))
    child.once('exit', (code) => reject(new Error(`the fake model exited with ${code}`)))
  })
  return { url: `http://127.0.0.1:${port}`, child, stop: () => void child.kill() }
}

export async function gql<T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...auth },
    body: JSON.stringify({ query, variables }),
  })
  const body = (await response.json()) as { data?: T; errors?: unknown[] }
  if (body.errors) throw new Error(JSON.stringify(body.errors))
  return body.data!
}

const now = () => performance.now()

/** A portrait being read: the arrival time of each of its chunks. */
export function readPortrait(url: string, artistId: string) {
  const arrivals: number[] = []
  const controller = new AbortController()
  let error: string | null = null
  const done = (async () => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...auth },
      body: JSON.stringify({
        query: 'subscription ($id: ID!) { generateArticle(artistId: $id, regenerate: true) { __typename ... on ArticleError { code message } } }',
        variables: { id: artistId },
      }),
      signal: controller.signal,
    })
    const parser = createParser({
      onEvent: ({ event, data }) => {
        if (event !== 'next') return
        const payload = (JSON.parse(data) as { data: { generateArticle: { __typename: string; code?: string } } }).data.generateArticle
        if (payload.__typename === 'ArticleChunk') arrivals.push(now())
        else if (payload.__typename === 'ArticleError') error = payload.code!
      },
    })
    const decoder = new TextDecoder()
    for await (const bytes of response.body!) parser.feed(decoder.decode(bytes as Uint8Array, { stream: true }))
  })().catch((reason: unknown) => {
    if (!controller.signal.aborted) error = String(reason)
  })
  return {
    arrivals,
    error: () => error,
    /** Resolves once `count` chunks have arrived. */
    async flowing(count = 5, timeoutMs = 30_000) {
      const until = now() + timeoutMs
      while (arrivals.length < count) {
        if (error || now() > until) throw new Error(`the portrait stream did not start: ${error ?? 'no chunk'}`)
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    },
    async stop() {
      controller.abort()
      await done
    },
  }
}

interface Sample {
  at: number
  ms: number
  ok: boolean
}

/** Sends a request every `everyMs`, whether the last one was answered or not, and records each answer (or its failure) by when it was sent. */
export function poll(request: (signal: AbortSignal) => Promise<boolean>, everyMs: number, timeoutMs: number) {
  const samples: Sample[] = []
  const pending = new Set<Promise<void>>()
  const timer = setInterval(() => {
    const at = now()
    const sent = request(AbortSignal.timeout(timeoutMs))
      .catch(() => false)
      .then((ok) => void samples.push({ at, ms: now() - at, ok }))
    pending.add(sent)
    void sent.then(() => pending.delete(sent))
  }, everyMs)
  return {
    samples,
    async stop() {
      clearInterval(timer)
      await Promise.all(pending)
    },
  }
}

export const pollHealth = (url: string, everyMs = 100, timeoutMs = 2000) =>
  poll(async (signal) => (await fetch(`${url}/health`, { signal })).ok, everyMs, timeoutMs)

/** A small read of the collection, as the artist list makes. */
export const pollQuery = (url: string, everyMs = 250, timeoutMs = 2000) =>
  poll(
    async (signal) => {
      const response = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ query: '{ artists(first: 20) { totalCount edges { node { name } } } }' }),
        signal,
      })
      return response.ok && !((await response.json()) as { errors?: unknown }).errors
    },
    everyMs,
    timeoutMs,
  )

/** Peak resident memory of a process since it started or since `resetPeak`, in bytes. */
export function peakRss(pid: number): number {
  return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024
}

/** Starts the peak over (Linux 4.0+); false where the kernel does not allow it. */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5')
    return true
  } catch {
    return false
  }
}

export interface Window {
  /** The longest wait between two chunks of the portrait (or the window's ends), ms. */
  silenceMs: number
  chunks: number
  health: Latencies
  query: Latencies
}

export interface Latencies {
  count: number
  failures: number
  p50: number
  p99: number
  max: number
}

function latencies(samples: Sample[], from: number, to: number): Latencies {
  const inside = samples.filter((sample) => sample.at >= from && sample.at <= to)
  const ms = inside.map((sample) => sample.ms).sort((a, b) => a - b)
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0
  return { count: inside.length, failures: inside.filter((sample) => !sample.ok).length, p50: at(0.5), p99: at(0.99), max: ms.at(-1) ?? 0 }
}

/** What the readers and pollers saw between `from` and `to`. */
export function observe(arrivals: number[], health: Sample[], query: Sample[], from: number, to: number): Window {
  const times = [from, ...arrivals.filter((at) => at > from && at < to), to]
  const silenceMs = Math.max(...times.slice(1).map((at, i) => at - times[i]!))
  return { silenceMs, chunks: times.length - 2, health: latencies(health, from, to), query: latencies(query, from, to) }
}

export interface ImportEvent {
  id: string
  status: string
  phase: string
  filesTotal: number
  artistsAdded: number
  artistsUpdated: number
  albumsAdded: number
  albumsUpdated: number
  problemCount: number
  error: { code: string; message: string } | null
}

const jobFields = 'id status phase filesTotal artistsAdded artistsUpdated albumsAdded albumsUpdated problemCount error { code message }'

/**
 * Uploads a file as the web app does (GraphQL multipart request) and follows its job to the end:
 * every state the subscription delivered, the last its report.
 */
export async function importThroughApi(url: string, path: string): Promise<{ ms: number; events: ImportEvent[]; report: ImportEvent }> {
  const started = now()
  const body = new FormData()
  body.set('operations', JSON.stringify({ query: `mutation ($file: File!) { importFile(file: $file) { ${jobFields} } }`, variables: { file: null } }))
  body.set('map', JSON.stringify({ 0: ['variables.file'] }))
  body.set('0', new Blob([await readFile(path)], { type: 'text/csv' }), basename(path))
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { accept: 'application/graphql-response+json', 'graphql-require-preflight': '1', ...auth },
    body,
  })
  const answer = (await response.json()) as { data?: { importFile: ImportEvent }; errors?: unknown[] }
  if (!answer.data) throw new Error(`upload refused: ${JSON.stringify(answer.errors)}`)
  const client = createClient({ url: `${url}/graphql`, retryAttempts: 0, headers: auth })
  const events: ImportEvent[] = [answer.data.importFile]
  try {
    await new Promise<void>((resolve, reject) => {
      client.subscribe<{ importProgress: ImportEvent }>(
        { query: `subscription ($id: ID!) { importProgress(id: $id) { ${jobFields} } }`, variables: { id: answer.data!.importFile.id } },
        { next: ({ data }) => void events.push(data!.importProgress), error: reject, complete: resolve },
      )
    })
  } finally {
    await client.dispose()
  }
  const report = events.at(-1)!
  if (report.status !== 'COMPLETE') throw new Error(`the import ended ${report.status}: ${JSON.stringify(report.error)}`)
  return { ms: now() - started, events, report }
}

/** Albums in the collection, counted through the API page by page. */
export async function countAlbums(url: string): Promise<{ artists: number; albums: number }> {
  let after: string | null = null
  let artists = 0
  let albums = 0
  for (;;) {
    const { artists: page }: { artists: { totalCount: number; edges: { node: { albums: unknown[] } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } = await gql(
      url,
      'query ($after: String) { artists(first: 100, after: $after) { totalCount edges { node { albums { id } } } pageInfo { hasNextPage endCursor } } }',
      { after },
    )
    artists = page.totalCount
    for (const edge of page.edges) albums += edge.node.albums.length
    if (!page.pageInfo.hasNextPage) return { artists, albums }
    after = page.pageInfo.endCursor
  }
}
