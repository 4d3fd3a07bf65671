import { describe, expect, it } from 'vitest'
import { useModelServer } from './tserver.ts'
import { joinChunks, sseModes, tsubscribe } from './tsubscribe.ts'

const { model, server, freshArtist } = useModelServer({
  GENERATION_LINGER_MS: '0',
  RATE_LIMIT_GENERATIONS: '1000',
  LLM_API_KEY: 'sk-test',
  LLM_MAX_RETRIES: '2',
  LLM_RETRY_BASE_MS: '10',
  LLM_IDLE_TIMEOUT_MS: '400',
  LLM_BREAKER_THRESHOLD: '1000',
})

async function savedArticle(id: string) {
  const { data } = await server().gql<{ article: { status: string; markdown: string; model: string } | null }>(
    'query ($id: ID!) { article(id: $id) { status markdown model } }',
    { id },
  )
  return data!.article
}

describe.each(sseModes)('generateArticle over SSE, %s mode', (mode) => {
  it('streams metadata, then chunks with consecutive seq and exact offsets, then done with the saved article', async () => {
    model.setDefault({ tokens: 40 })
    const artistId = freshArtist()
    const events = await tsubscribe(server().url, mode, { artistId, regenerate: true, options: { language: 'fr', length: 'SHORT' } }).done
    expect(events[0]).toMatchObject({ __typename: 'ArticleMetadata', model: 'fake-model', offline: false, fromSaved: false, language: 'fr', length: 'SHORT', targetWords: 600, artist: { id: artistId } })
    const done = events.at(-1)!
    expect(done.__typename).toBe('ArticleDone')
    expect(events.filter((e) => e.__typename === 'ArticleMetadata' || e.__typename === 'ArticleDone')).toHaveLength(2)
    const text = joinChunks(events)
    expect(text).toBe(Array.from({ length: 40 }, (_, i) => `word${i} `).join(''))
    expect(done).toMatchObject({
      finishReason: 'stop',
      article: { status: 'COMPLETE', markdown: text, model: 'fake-model', language: 'fr', usage: { promptTokens: 120, completionTokens: 40 } },
    })
    expect(done.article.timings.firstTokenMs).toBeGreaterThanOrEqual(0)
    expect(done.generationId).toBe(events[0]!.generationId)
    expect((await savedArticle(done.generationId))?.markdown).toBe(text)
    // The request the SDK sent: streaming, with usage, the collection as data.
    expect(model.requests).toHaveLength(1)
    expect(model.requests[0]!.body).toMatchObject({ model: 'fake-model', stream: true, stream_options: { include_usage: true } })
    expect(model.requests[0]!.body.messages[1]!.content).toContain('<collection>')
  })

  it('serves a saved article again without calling the model, and regenerate calls it once', async () => {
    const artistId = freshArtist()
    const first = await tsubscribe(server().url, mode, { artistId, regenerate: true }).done
    expect(model.requests).toHaveLength(1)
    const again = await tsubscribe(server().url, mode, { artistId }).done
    expect(model.requests).toHaveLength(1)
    expect(again[0]).toMatchObject({ __typename: 'ArticleMetadata', fromSaved: true, generationId: first[0]!.generationId })
    expect(joinChunks(again)).toBe(first.at(-1)!.article.markdown)
    expect(again.at(-1)).toMatchObject({ __typename: 'ArticleDone', article: { id: first.at(-1)!.article.id } })
    const regenerated = await tsubscribe(server().url, mode, { artistId, regenerate: true }).done
    expect(model.requests).toHaveLength(2)
    expect(regenerated[0]).toMatchObject({ fromSaved: false })
    expect(regenerated[0]!.generationId).not.toBe(first[0]!.generationId)
  })

  it('unsubscribing closes the upstream request within 100 ms and saves the text so far as CANCELLED', async () => {
    model.setDefault({ tokens: 500, paceMs: 20 })
    const subscription = tsubscribe(server().url, mode, { artistId: freshArtist(), regenerate: true })
    const events = await subscription.received(6)
    const generationId = events[0]!.generationId
    const cancelledAt = performance.now()
    subscription.unsubscribe()
    const upstream = await model.ended(0)
    expect(upstream.outcome).toBe('client-closed')
    console.log(`${mode}: unsubscribe to upstream socket closed in ${(upstream.endedAt! - cancelledAt).toFixed(1)} ms`)
    expect(upstream.endedAt! - cancelledAt).toBeLessThan(100)
    await expect.poll(() => savedArticle(generationId)).toMatchObject({ status: 'CANCELLED' })
    const saved = await savedArticle(generationId)
    expect(saved!.markdown.startsWith(joinChunks(events))).toBe(true)
  })

  it('cancelGeneration stops it for its reader and closes upstream within 100 ms, even while the model stalls', async () => {
    model.setDefault({ tokens: 100, stallAfter: 5 })
    const subscription = tsubscribe(server().url, mode, { artistId: freshArtist(), regenerate: true })
    const events = await subscription.received(6)
    const generationId = events[0]!.generationId
    const cancelledAt = performance.now()
    const { data } = await server().gql<{ cancelGeneration: boolean }>('mutation ($id: ID!) { cancelGeneration(id: $id) }', { id: generationId })
    expect(data!.cancelGeneration).toBe(true)
    const upstream = await model.ended(0)
    expect(upstream.outcome).toBe('client-closed')
    console.log(`${mode}: cancelGeneration (model stalled) to upstream socket closed in ${(upstream.endedAt! - cancelledAt).toFixed(1)} ms`)
    expect(upstream.endedAt! - cancelledAt).toBeLessThan(100)
    const all = await subscription.done
    expect(all.at(-1)).toMatchObject({ __typename: 'ArticleError', code: 'CANCELLED' })
    expect(await savedArticle(generationId)).toMatchObject({ status: 'CANCELLED', markdown: joinChunks(all) })
    // Cancelling what has ended says so.
    const again = await server().gql<{ cancelGeneration: boolean }>('mutation ($id: ID!) { cancelGeneration(id: $id) }', { id: generationId })
    expect(again.data!.cancelGeneration).toBe(false)
  })

  it('rejects an unknown artist and bad options with the error event alone, and no model call', async () => {
    const unknown = await tsubscribe(server().url, mode, { artistId: '00000000-0000-4000-8000-000000000000' }).done
    expect(unknown).toEqual([expect.objectContaining({ __typename: 'ArticleError', code: 'ARTIST_NOT_FOUND', retryable: false })])
    const language = await tsubscribe(server().url, mode, { artistId: freshArtist(), options: { language: 'xx' } }).done
    expect(language).toEqual([expect.objectContaining({ __typename: 'ArticleError', code: 'INVALID_OPTIONS' })])
    expect(language[0]!.message).toContain('BCP 47')
    expect(model.requests).toHaveLength(0)
  })
})

describe('upstream failures', () => {
  const mode = 'distinct'

  it('retries 429 and 5xx before the first token, then succeeds', async () => {
    model.script({ status: 429, retryAfter: 0 }, { status: 503 })
    const events = await tsubscribe(server().url, mode, { artistId: freshArtist(), regenerate: true }).done
    expect(events.at(-1)!.__typename).toBe('ArticleDone')
    expect(model.requests.map((r) => r.outcome)).toEqual(['rejected', 'rejected', 'completed'])
  })

  it('gives RATE_LIMITED after the bounded retries of a 429, with retryAfterMs', async () => {
    model.setDefault({ status: 429, retryAfter: 1 })
    const events = await tsubscribe(server().url, mode, { artistId: freshArtist(), regenerate: true }).done
    expect(events.at(-1)).toMatchObject({ __typename: 'ArticleError', code: 'RATE_LIMITED', retryable: true, retryAfterMs: 1000 })
    expect(model.requests).toHaveLength(3) // the first try and LLM_MAX_RETRIES=2
  })

  it('gives UPSTREAM_UNAVAILABLE after retries of a 500, without the provider’s body', async () => {
    model.setDefault({ status: 500 })
    const events = await tsubscribe(server().url, mode, { artistId: freshArtist(), regenerate: true }).done
    expect(events.at(-1)).toMatchObject({ __typename: 'ArticleError', code: 'UPSTREAM_UNAVAILABLE', retryable: true })
    expect(events.at(-1)!.message).not.toContain('fake failure')
    expect(model.requests).toHaveLength(3)
  })

  it('gives UPSTREAM_REJECTED for a 401 at once, without retrying', async () => {
    model.setDefault({ status: 401 })
    const events = await tsubscribe(server().url, mode, { artistId: freshArtist(), regenerate: true }).done
    expect(events.at(-1)).toMatchObject({ __typename: 'ArticleError', code: 'UPSTREAM_REJECTED', retryable: false })
    expect(model.requests).toHaveLength(1)
  })

  it('keeps the partial text as FAILED when the stream drops mid-way', async () => {
    model.setDefault({ tokens: 50, dropAfter: 10 })
    const events = await tsubscribe(server().url, mode, { artistId: freshArtist(), regenerate: true }).done
    const error = events.at(-1)!
    expect(error).toMatchObject({ __typename: 'ArticleError', code: 'UPSTREAM_UNAVAILABLE' })
    const text = joinChunks(events)
    expect(text).toBe(Array.from({ length: 10 }, (_, i) => `word${i} `).join(''))
    expect(await savedArticle(events[0]!.generationId)).toMatchObject({ status: 'FAILED', markdown: text })
  })

  it('times out a model silent for LLM_IDLE_TIMEOUT_MS with UPSTREAM_TIMEOUT and closes its socket', async () => {
    model.setDefault({ tokens: 50, stallAfter: 4 })
    const started = performance.now()
    const events = await tsubscribe(server().url, mode, { artistId: freshArtist(), regenerate: true }).done
    expect(events.at(-1)).toMatchObject({ __typename: 'ArticleError', code: 'UPSTREAM_TIMEOUT' })
    expect(performance.now() - started).toBeLessThan(3_000)
    expect((await model.ended(0)).outcome).toBe('client-closed')
    expect(await savedArticle(events[0]!.generationId)).toMatchObject({ status: 'FAILED', markdown: joinChunks(events) })
  })
})

describe('polling with GENERATION_LINGER_MS=0', () => {
  it('keeps a started generation followable between polls a second apart, to the end', async () => {
    model.setDefault({ tokens: 60, paceMs: 40 })
    const { data } = await server().gql<{ startGeneration: { id: string } }>(
      'mutation ($artistId: ID!) { startGeneration(artistId: $artistId, regenerate: true) { ... on Generation { id } } }',
      { artistId: freshArtist() },
    )
    const id = data!.startGeneration.id
    let text = ''
    let status = 'RUNNING'
    for (let i = 0; i < 30 && status === 'RUNNING'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      const polled = await server().gql<{ generation: { status: string; text: string } }>(
        'query ($id: ID!, $from: Int) { generation(id: $id) { status text(from: $from) } }',
        { id, from: text.length },
      )
      text += polled.data!.generation.text
      status = polled.data!.generation.status
    }
    expect(status).toBe('COMPLETE')
    expect(text).toBe(Array.from({ length: 60 }, (_, i) => `word${i} `).join(''))
  })
})
