/**
 * Real providers' recorded streams (see providers/README.md), replayed by the fake model through
 * the real `openai` SDK and the real server: the article is the visible answer and nothing else,
 * usage is what the provider reported, and every ending is the honest one.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { useModelServer, useTestServer } from './tserver.ts'
import { joinChunks, tsubscribe, type Event } from './tsubscribe.ts'

const { model, server, freshArtist } = useModelServer({
  GENERATION_LINGER_MS: '0',
  RATE_LIMIT_GENERATIONS: '1000',
  MAX_CONCURRENT_GENERATIONS: '50',
  LLM_MAX_RETRIES: '2',
  LLM_RETRY_BASE_MS: '10',
  LLM_IDLE_TIMEOUT_MS: '500',
  LLM_BREAKER_THRESHOLD: '1000',
})

const folder = new URL('./providers/', import.meta.url)
const recording = (name: string) =>
  readFileSync(new URL(`${name}.jsonl`, folder), 'utf8')
    .split('\n')
    .filter((line) => line.trim())

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- recorded JSON, read field by field
type Chunk = Record<string, any>

/**
 * The answer a reader should get, read from the recording the plain way: every string content
 * and every `text` part, in order, less a leading think block. Deliberately not the server's
 * streaming reader, which must arrive at the same text chunk by chunk.
 */
function visibleAnswer(lines: string[]): string {
  const text = lines
    .map((line) => JSON.parse(line) as Chunk)
    .map((chunk) => {
      const content = chunk.choices?.[0]?.delta?.content
      if (typeof content === 'string') return content
      if (Array.isArray(content)) return content.filter((part: Chunk) => part.type === 'text').map((part: Chunk) => part.text).join('')
      return ''
    })
    .join('')
  return text.replace(/^\s*<think>[\s\S]*?<\/think>\s*/, '')
}

/** The last usage the recording reports, wherever the provider put it. */
function reportedUsage(lines: string[]) {
  const usages = lines.map((line) => JSON.parse(line) as Chunk).map((chunk) => chunk.usage ?? chunk.x_groq?.usage).filter(Boolean)
  const last = usages.at(-1)
  return {
    promptTokens: last?.prompt_tokens ?? null,
    completionTokens: last?.completion_tokens ?? null,
    reasoningTokens: last?.completion_tokens_details?.reasoning_tokens ?? null,
  }
}

/** Every recording and the ending it must have; `thinks`: long enough reasoning for readers to be told. */
const endings: Record<string, { ends: 'COMPLETE' | 'TRUNCATED' | 'EMPTY_RESPONSE' | 'UPSTREAM_UNAVAILABLE'; thinks?: boolean }> = {
  'openai-gpt-4.1-nano': { ends: 'COMPLETE' },
  'azure-gpt-5-nano': { ends: 'COMPLETE' },
  'mistral-small': { ends: 'COMPLETE' },
  'mistral-magistral-thinking': { ends: 'COMPLETE' },
  'deepseek-chat-length': { ends: 'TRUNCATED' },
  'deepseek-reasoner': { ends: 'COMPLETE', thinks: true },
  'groq-llama-3.3': { ends: 'COMPLETE' },
  'groq-qwen3-reasoning': { ends: 'COMPLETE', thinks: true },
  'xai-grok-3-mini': { ends: 'COMPLETE', thinks: true },
  'alibaba-qwen3-max': { ends: 'COMPLETE', thinks: true },
  'moonshot-kimi': { ends: 'COMPLETE' },
  'perplexity-sonar': { ends: 'COMPLETE' },
  'ollama-deepseek-r1-think-inline': { ends: 'COMPLETE', thinks: true },
  'deepseek-reasoner-length-no-answer': { ends: 'EMPTY_RESPONSE', thinks: true },
  'openrouter-error-midstream': { ends: 'UPSTREAM_UNAVAILABLE' },
}

const withUsage = `subscription Generate($artistId: ID!, $options: ArticleOptions, $regenerate: Boolean) {
  generateArticle(artistId: $artistId, options: $options, regenerate: $regenerate) {
    __typename
    ... on ArticleMetadata { generationId }
    ... on ArticleThinking { generationId elapsedMs since }
    ... on ArticleChunk { generationId seq offset delta }
    ... on ArticleDone { finishReason article { id status markdown usage { promptTokens completionTokens reasoningTokens } } }
    ... on ArticleError { code message retryable retryAfterMs }
  }
}`

async function generate(variables: Record<string, unknown> = {}, mode: 'distinct' | 'single' = 'distinct') {
  return tsubscribe(server().url, mode, { artistId: freshArtist(), regenerate: true, ...variables }, withUsage).done
}

async function saved(id: string) {
  const { data } = await server().gql<{ article: { status: string; markdown: string } | null }>('query ($id: ID!) { article(id: $id) { status markdown } }', { id })
  return data!.article
}

const kinds = (events: Event[]) => events.map((event) => event.__typename)

describe('recorded provider streams', () => {
  it('has a README entry for every recording, and a test for each', () => {
    const files = readdirSync(folder).filter((file) => file.endsWith('.jsonl'))
    const readme = readFileSync(new URL('README.md', folder), 'utf8')
    for (const file of files) expect(readme).toContain(`\`${file}\``)
    expect(files.map((file) => file.replace('.jsonl', '')).sort()).toEqual([...Object.keys(endings), 'openrouter-error-before-text'].sort())
    expect(files.length).toBeGreaterThanOrEqual(12)
  })

  it.each(Object.entries(endings))('%s', async (name, { ends, thinks }) => {
    const lines = recording(name)
    model.setDefault({ replay: lines, paceMs: 0 })
    const events = await generate({}, name.length % 2 ? 'single' : 'distinct')
    const text = joinChunks(events)
    const answer = visibleAnswer(lines)
    const last = events.at(-1)!
    expect(text).not.toContain('[object Object]')

    if (ends === 'COMPLETE' || ends === 'TRUNCATED') {
      expect(text).toBe(answer)
      expect(answer.trim()).not.toBe('')
      expect(last).toMatchObject({ __typename: 'ArticleDone', article: { status: ends, markdown: answer, usage: reportedUsage(lines) } })
      expect(last.finishReason).toBe(ends === 'TRUNCATED' ? 'length' : 'stop')
    } else {
      expect(last).toMatchObject({ __typename: 'ArticleError', code: ends })
      expect(text).toBe(answer)
      const article = await saved(events[0]!.generationId)
      // Nothing empty is saved as a portrait; a text cut by a failure is kept as FAILED.
      if (answer) expect(article).toMatchObject({ status: 'FAILED', markdown: answer })
      else expect(article?.status ?? 'none').not.toBe('COMPLETE')
    }
    const thinking = kinds(events).indexOf('ArticleThinking')
    if (thinks) {
      expect(thinking).toBeGreaterThan(0)
      const firstChunk = kinds(events).indexOf('ArticleChunk')
      if (firstChunk !== -1) expect(thinking).toBeLessThan(firstChunk)
      expect(kinds(events).lastIndexOf('ArticleThinking')).toBeLessThan(firstChunk === -1 ? events.length : firstChunk)
    } else if (!/reasoning|thinking|<think>/.test(lines.join(''))) {
      expect(thinking).toBe(-1)
    }
  })

  it('retries an error that comes in the stream before any text, like a failed request', async () => {
    model.script({ replay: recording('openrouter-error-before-text') })
    model.setDefault({ replay: recording('mistral-small') })
    const events = await generate()
    expect(model.requests).toHaveLength(2)
    expect(events.at(-1)).toMatchObject({ __typename: 'ArticleDone', article: { status: 'COMPLETE', markdown: visibleAnswer(recording('mistral-small')) } })
  })

  it('treats an `event: error` frame like an error object in the stream', async () => {
    model.script({ replay: ['event: error\ndata: {"error":{"message":"The server is overloaded","type":"server_error","code":503}}'] })
    model.setDefault({ replay: recording('mistral-small') })
    const events = await generate()
    expect(model.requests).toHaveLength(2)
    expect(events.at(-1)).toMatchObject({ __typename: 'ArticleDone', article: { status: 'COMPLETE' } })
    model.setDefault({ replay: ['event: error\ndata: {"error":{"message":"The server is overloaded","type":"server_error","code":503}}'] })
    const failed = await generate()
    expect(failed.at(-1)).toMatchObject({ __typename: 'ArticleError', code: 'UPSTREAM_UNAVAILABLE', retryable: true })
    expect(failed.at(-1)!.message).not.toContain('overloaded')
  })

  it('does not retry an error after text, which readers already have', async () => {
    model.setDefault({ replay: recording('openrouter-error-midstream') })
    const events = await generate()
    expect(model.requests).toHaveLength(1)
    expect(events.at(-1)).toMatchObject({ __typename: 'ArticleError', code: 'UPSTREAM_UNAVAILABLE', retryable: true })
  })

  it('ends a content-filtered stream with a typed error that is not retried', async () => {
    const lines = recording('azure-gpt-5-nano').map((line) => line.replace('"finish_reason":"stop"', '"finish_reason":"content_filter"'))
    model.setDefault({ replay: lines })
    const events = await generate()
    expect(model.requests).toHaveLength(1)
    expect(events.at(-1)).toMatchObject({ __typename: 'ArticleError', code: 'CONTENT_FILTERED', retryable: false })
    expect((await saved(events[0]!.generationId))?.status).toBe('FAILED')
  })

  it('keeps a truncated portrait from replacing the complete one', async () => {
    const artistId = freshArtist()
    model.setDefault({ replay: recording('mistral-small') })
    await tsubscribe(server().url, 'distinct', { artistId, regenerate: true }, withUsage).done
    model.setDefault({ replay: recording('deepseek-chat-length') })
    await tsubscribe(server().url, 'distinct', { artistId, regenerate: true }, withUsage).done
    const { data } = await server().gql<{ artist: { article: { status: string; markdown: string } } }>(
      'query ($id: ID!) { artist(id: $id) { article { status markdown } } }',
      { id: artistId },
    )
    expect(data!.artist.article).toEqual({ status: 'COMPLETE', markdown: visibleAnswer(recording('mistral-small')) })
    // And asking again serves the complete one, not the cut one.
    const again = await tsubscribe(server().url, 'distinct', { artistId }, withUsage).done
    expect(again.at(-1)).toMatchObject({ __typename: 'ArticleDone', article: { status: 'COMPLETE' } })
  })
})

describe('parameters a model accepts', () => {
  it('switches to max_completion_tokens when a reasoning model refuses max_tokens, and remembers it', async () => {
    model.setDefault({ rejectParam: 'max_tokens', replay: recording('azure-gpt-5-nano') })
    const first = await generate({ options: { length: 'LONG' } })
    expect(first.at(-1)).toMatchObject({ __typename: 'ArticleDone', article: { status: 'COMPLETE' } })
    // (max_tokens is 7,500 for LONG, or more once this model has been seen reasoning.)
    expect(model.requests.map((request) => [request.body.max_tokens, request.body.max_completion_tokens])).toEqual([
      [expect.any(Number), undefined],
      [undefined, 7500 + 16_384],
    ])
    expect(model.requests[0]!.body.max_tokens).toBeGreaterThanOrEqual(7500)
    // The next generation asks right at once.
    await generate()
    expect(model.requests).toHaveLength(3)
    expect(model.requests[2]!.body).toMatchObject({ max_completion_tokens: 3750 + 16_384 })
    expect(model.requests[2]!.body.max_tokens).toBeUndefined()
  })
})

describe('a model that thinks before it writes', () => {
  it('tells readers it is thinking, with the time so far, and the idle timeout waits while it reasons', async () => {
    const chunk = (delta: object, finish: string | null = null) =>
      JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'r', choices: [{ index: 0, delta, finish_reason: finish }] })
    // 3.2 s of reasoning, one delta every 100 ms, against an idle timeout of 500 ms.
    const thoughts = Array.from({ length: 32 }, (_, i) => chunk({ reasoning_content: `step ${i}. ` }))
    const answer = Array.from({ length: 5 }, (_, i) => chunk({ content: `Word${i} ` }))
    model.setDefault({ replay: [...thoughts, ...answer, chunk({}, 'stop')], paceMs: 100 })
    const events = await generate({}, 'single')
    const thinking = events.filter((event) => event.__typename === 'ArticleThinking')
    expect(thinking.length).toBeGreaterThanOrEqual(3)
    const elapsed = thinking.map((event) => event.elapsedMs as number)
    expect(elapsed).toEqual([...elapsed].sort((a, b) => a - b))
    expect(elapsed.at(-1)! - elapsed[0]!).toBeGreaterThan(1500)
    expect(new Set(thinking.map((event) => event.since)).size).toBe(1)
    expect(kinds(events).lastIndexOf('ArticleThinking')).toBeLessThan(kinds(events).indexOf('ArticleChunk'))
    expect(joinChunks(events)).toBe('Word0 Word1 Word2 Word3 Word4 ')
    expect(events.at(-1)).toMatchObject({ __typename: 'ArticleDone', article: { status: 'COMPLETE' } })
  })
})

describe('leaving or cancelling while the model thinks', () => {
  const reasoningOnly = () => {
    const chunk = (delta: object) => JSON.stringify({ id: 'x', object: 'chat.completion.chunk', created: 1, model: 'r', choices: [{ index: 0, delta, finish_reason: null }] })
    return Array.from({ length: 100 }, (_, i) => chunk({ reasoning_content: `step ${i}. ` }))
  }

  it('stops the model when the last reader leaves during the thinking (tokens cost)', async () => {
    model.setDefault({ replay: reasoningOnly(), paceMs: 50 })
    const reader = tsubscribe(server().url, 'distinct', { artistId: freshArtist(), regenerate: true }, withUsage)
    await reader.received(2)
    expect(kinds(reader.events)).toEqual(['ArticleMetadata', 'ArticleThinking'])
    reader.unsubscribe()
    const request = await model.ended(0, 3000)
    expect(request.outcome).toBe('client-closed')
    expect(request.tokensSent).toBeLessThan(100)
    expect(model.requests).toHaveLength(1)
  })

  it('cancels a thinking model for every reader at once, and saves nothing as a portrait', async () => {
    model.setDefault({ replay: reasoningOnly(), paceMs: 50 })
    const reader = tsubscribe(server().url, 'single', { artistId: freshArtist(), regenerate: true }, withUsage)
    const [metadata] = await reader.received(2)
    const { data } = await server().gql<{ cancelGeneration: boolean }>('mutation ($id: ID!) { cancelGeneration(id: $id) }', { id: metadata!.generationId })
    expect(data!.cancelGeneration).toBe(true)
    const events = await reader.done
    expect(events.at(-1)).toMatchObject({ __typename: 'ArticleError', code: 'CANCELLED' })
    expect((await model.ended(0, 3000)).outcome).toBe('client-closed')
    expect(model.requests).toHaveLength(1)
    expect(await saved(metadata!.generationId)).toBeNull()
  })
})

describe('Retry-After', () => {
  it.each([429, 503])('waits as long as the provider asked after HTTP %i', async (status) => {
    model.script({ status, retryAfter: 1 })
    model.setDefault({ replay: recording('mistral-small') })
    const events = await generate()
    expect(events.at(-1)).toMatchObject({ __typename: 'ArticleDone' })
    const [refused, retried] = model.requests
    // Exponential backoff alone would have retried after about 10 ms.
    expect(retried!.startedAt - refused!.endedAt!).toBeGreaterThanOrEqual(990)
  })

  it('does not wait longer than 30 s: the reader is told when to come back', async () => {
    model.setDefault({ status: 429, retryAfter: 120 })
    const events = await generate()
    expect(model.requests).toHaveLength(1)
    expect(events.at(-1)).toMatchObject({ __typename: 'ArticleError', code: 'RATE_LIMITED', retryable: true, retryAfterMs: 120_000 })
  })
})

describe('languages', () => {
  it('writes any language the model writes, named in the prompt', async () => {
    model.setDefault({ replay: recording('mistral-small') })
    const events = await generate({ options: { language: 'pt-br' } })
    expect(events.at(-1)).toMatchObject({ __typename: 'ArticleDone' })
    expect(model.requests[0]!.body.messages[1]!.content).toContain('in Brazilian Portuguese.')
    const { data } = await server().gql<{ article: { language: string } }>('query ($id: ID!) { article(id: $id) { language } }', { id: events[0]!.generationId })
    expect(data!.article.language).toBe('pt-BR')
  })

  it.each(['english', 'xx-??', ''])('refuses %j with a typed error', async (language) => {
    const events = await generate({ options: { language } })
    expect(events).toHaveLength(1)
    expect(events[0]).toMatchObject({ __typename: 'ArticleError', code: 'INVALID_OPTIONS' })
    expect(events[0]!.message).toContain('BCP 47')
    expect(model.requests).toHaveLength(0)
  })
})

describe('the offline writer', () => {
  const offline = useTestServer({ GENERATION_LINGER_MS: '0', RATE_LIMIT_GENERATIONS: '1000' })
  it('writes English and French, and says so for other languages', async () => {
    const { data } = await offline().gql<{ artists: { edges: { node: { id: string } }[] } }>('{ artists(first: 1) { edges { node { id } } } }')
    const artistId = data!.artists.edges[0]!.node.id
    const german = await tsubscribe(offline().url, 'distinct', { artistId, options: { language: 'de' } }).done
    expect(german).toEqual([expect.objectContaining({ __typename: 'ArticleError', code: 'INVALID_OPTIONS' })])
    expect(german[0]!.message).toBe('The offline writer writes in "en" and "fr" only: configure a language model (LLM_BASE_URL) to write in German.')
    const french = await tsubscribe(offline().url, 'distinct', { artistId, regenerate: true, options: { language: 'fr-CA', length: 'SHORT' } }).done
    expect(french.at(-1)).toMatchObject({ __typename: 'ArticleDone' })
  })
})
