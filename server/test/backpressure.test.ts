import { connect } from 'node:net'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { useModelServer } from './tserver.ts'
import { tsubscribe } from './tsubscribe.ts'

const { model, server, freshArtist } = useModelServer({
  GENERATION_MAX_READER_LAG_CHARS: '100000',
  GENERATION_LINGER_MS: '0',
  // What is measured here is the backlog held for a reader; a checkpoint in flight holds a copy of
  // the (8 MB) text and would blur it.
  GENERATION_CHECKPOINT_MS: '600000',
})

const piece = 'x'.repeat(9_999) + ' '

setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void
/** Heap still in use once garbage is collected. */
function retainedHeap(): number {
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

/** A raw HTTP client that subscribes in the given mode, reads the response head, then never reads another byte. */
async function stalledReader(mode: 'distinct' | 'single', artistId: string) {
  const url = new URL(server().url)
  const operation = { query: 'subscription ($a: ID!) { generateArticle(artistId: $a) { __typename ... on ArticleChunk { delta } } }', variables: { a: artistId } }
  const socket = connect(Number(url.port), url.hostname)
  const head = (request: string) => {
    socket.write(request)
    return new Promise((resolve) => socket.once('data', resolve))
  }
  if (mode === 'distinct') {
    const body = JSON.stringify(operation)
    await head(`POST /graphql HTTP/1.1\r\nhost: ${url.host}\r\ncontent-type: application/json\r\naccept: text/event-stream\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
  } else {
    const stream = `${server().url}/graphql/stream`
    const token = await (await fetch(stream, { method: 'PUT' })).text()
    await head(`GET /graphql/stream HTTP/1.1\r\nhost: ${url.host}\r\naccept: text/event-stream\r\nx-graphql-event-stream-token: ${token}\r\n\r\n`)
    const accepted = await fetch(stream, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-graphql-event-stream-token': token },
      body: JSON.stringify({ ...operation, extensions: { operationId: 'stalled' } }),
    })
    expect(accepted.status).toBe(202)
  }
  socket.pause()
  return socket
}

describe.each(['distinct', 'single'] as const)('a reader that stops reading, %s connection', (mode) => {
  it('is dropped while the generation goes on for the others, and no backlog is held for it', async () => {
    const artistId = freshArtist()
    // About 8 MB of text, far more than the socket buffers between the server and a stalled reader.
    model.setDefault({ tokens: Array.from({ length: 800 }, () => piece), paceMs: 3 })
    // The reader that keeps up asks for positions only, so that it holds no copy of the text itself.
    const positions = 'subscription ($artistId: ID!, $regenerate: Boolean) { generateArticle(artistId: $artistId, regenerate: $regenerate) { __typename ... on ArticleMetadata { generationId } ... on ArticleChunk { offset } ... on ArticleDone { article { wordCount } } } }'
    const reader = tsubscribe(server().url, 'single', { artistId, regenerate: true }, positions)
    const before = retainedHeap()
    const [metadata] = await reader.received(1)
    const id = metadata!.generationId

    const stalled = await stalledReader(mode, artistId)

    const readersSeen: number[] = []
    const extra: number[] = []
    for (let i = 0; i < 100; i++) {
      const info = await server().gql<{ generation: { status: string; readers: number; writtenLength: number } }>(
        'query ($id: ID!) { generation(id: $id) { status readers writtenLength } }',
        { id },
      )
      const { status, readers, writtenLength } = info.data!.generation
      // Once the whole text is written it is being saved, and the save holds a copy of it for a moment.
      if (status !== 'RUNNING' || writtenLength === piece.length * 800) break
      readersSeen.push(readers)
      // Heap held beyond the one shared copy of the text written so far.
      if (readers === 1) extra.push(retainedHeap() - before - writtenLength)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    expect(readersSeen).toContain(2)
    expect(readersSeen.at(-1)).toBe(1)
    // Once it is dropped, what the server holds beyond the text stays flat as the text grows:
    // a backlog of events kept for the stalled reader would grow with it.
    console.log('extra heap beyond the text, MB:', extra.map((bytes) => (bytes / 1e6).toFixed(1)).join(' '))
    expect(extra.length).toBeGreaterThan(5)
    // Its growth over the run, as the median of the slopes between every two samples (Theil–Sen):
    // a backlog grows with every sample, where a copy of the text something holds for a moment
    // shows in one sample alone and moves the median slope not at all.
    const samples = extra.slice(1)
    const slopes = samples.flatMap((a, i) => samples.slice(i + 1).map((b, k) => (b - a) / (k + 1))).sort((a, b) => a - b)
    const growth = slopes[Math.floor(slopes.length / 2)]! * (samples.length - 1)
    expect(growth).toBeLessThan(2_000_000)

    const events = await reader.done
    expect(events.at(-1)).toMatchObject({ __typename: 'ArticleDone', article: { wordCount: 800 } })
    const chunks = events.filter((e) => e.__typename === 'ArticleChunk')
    expect(chunks.at(-1)!.offset).toBe(piece.length * 799)
    stalled.destroy()
  })
})
