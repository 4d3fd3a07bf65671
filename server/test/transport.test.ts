import { describe, expect, it } from 'vitest'
import { useTestServer } from './tserver.ts'

const server = useTestServer({ OFFLINE_WRITER_TOKENS_PER_SECOND: '2000' })

const query = 'subscription ($id: ID!) { generateArticle(artistId: $id) { __typename } }'

async function anyArtist() {
  const { data } = await server().gql<{ artists: { edges: { node: { id: string } }[] } }>('{ artists(first: 1) { edges { node { id } } } }')
  return data!.artists.edges[0]!.node.id
}

function expectUnbufferedStream(response: Response) {
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/)
  expect(response.headers.get('cache-control')).toBe('no-cache')
  expect(response.headers.get('x-accel-buffering')).toBe('no')
}

describe('SSE transport', () => {
  it('marks distinct-connection streams at /graphql as uncacheable and unbuffered', async () => {
    const response = await fetch(`${server().url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query, variables: { id: await anyArtist() } }),
    })
    expectUnbufferedStream(response)
    const text = await response.text()
    expect(text).toContain('"__typename":"ArticleMetadata"')
    expect(text).toContain('"__typename":"ArticleDone"')
    expect(text.trimEnd().endsWith('event: complete\ndata:')).toBe(true)
  })

  it('marks the single-connection stream at /graphql/stream the same way', async () => {
    const base = `${server().url}/graphql/stream`
    const token = await (await fetch(base, { method: 'PUT' })).text()
    const stream = await fetch(base, { headers: { accept: 'text/event-stream', 'x-graphql-event-stream-token': token } })
    expectUnbufferedStream(stream)
    const operation = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-graphql-event-stream-token': token },
      body: JSON.stringify({ query, variables: { id: await anyArtist() }, extensions: { operationId: 'op1' } }),
    })
    expect(operation.status).toBe(202)
    const reader = stream.body!.getReader()
    let text = ''
    while (!text.includes('event: complete')) {
      const { value, done } = await reader.read()
      if (done) break
      text += new TextDecoder().decode(value)
    }
    expect(text).toContain('"__typename":"ArticleDone"')
    await reader.cancel()
  })
})
