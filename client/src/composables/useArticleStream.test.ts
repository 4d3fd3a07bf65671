// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import type { StreamEvent } from './articleState.ts'
import { chunk, done, failure, metadata, savedArticle } from './tarticle.ts'
import { fakeServer, type Answers } from './tclient.ts'
import { createArticleStream } from './useArticleStream.ts'

const options = { language: 'en', length: 'MEDIUM', tone: 'NEUTRAL' } as const

function streamOn(answers: Answers) {
  const server = fakeServer(answers)
  const scope = effectScope()
  const stream = scope.run(() => createArticleStream({ client: server.client, artistId: 'a1' }))!
  const send = (event: StreamEvent) => server.push('GenerateArticle', { generateArticle: event })
  const opened = (count: number) => vi.waitFor(() => expect(server.count('GenerateArticle')).toBe(count))
  return { server, stream, send, opened, stop: () => scope.stop() }
}

describe('an article stream', () => {
  let stop = () => {}
  afterEach(() => {
    stop()
    vi.useRealTimers()
    vi.restoreAllMocks()
  })

  it('ends with the saved text, and reports a streamed text that differs from it', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    const t = streamOn({ ArticleText: () => ({ article: { __typename: 'Article', ...savedArticle('one two three') } }) })
    stop = t.stop
    t.stream.generate(options)
    await t.opened(1)
    t.send(metadata())
    t.send(chunk(0, 'one three'))
    t.send(done('one two three'))
    await vi.waitFor(() => expect(t.stream.shownText.value).toBe('one two three'))
    expect(error).toHaveBeenCalledOnce()
  })

  it('continues after a lost connection where its text stopped, and asks anew after a failure', async () => {
    const t = streamOn({ ArticleText: () => ({ article: null }) })
    stop = t.stop
    const lastOpened = () => t.server.asked.filter((operation) => operation.name === 'GenerateArticle').at(-1)!.variables
    t.stream.generate(options, true)
    await t.opened(1)
    t.send(metadata())
    t.send(chunk(0, 'Hello '))
    t.server.fail('GenerateArticle')
    expect(t.stream.phase.value).toBe('error')
    t.stream.retry()
    await t.opened(2)
    expect(lastOpened()).toMatchObject({ resume: { generationId: 'g1', offset: 6 } })
    t.send(metadata())
    t.send(chunk(6, 'world'))
    expect(t.stream.shownText.value).toBe('Hello world')

    t.send(failure('UPSTREAM_TIMEOUT'))
    t.stream.retry()
    await t.opened(3)
    expect(lastOpened()).toEqual({ artistId: 'a1', options, regenerate: true })
  })

  it('waits for the server to confirm a cancel, taking the text still on its way', async () => {
    const t = streamOn({ CancelGeneration: () => ({ cancelGeneration: true }), ArticleText: () => ({ article: { __typename: 'Article', ...savedArticle('abcdef') } }) })
    stop = t.stop
    t.stream.generate(options)
    await t.opened(1)
    t.send(metadata())
    t.send(chunk(0, 'abc'))
    await t.stream.cancel()
    expect(t.server.asked.at(-1)).toEqual({ name: 'CancelGeneration', variables: { id: 'g1' } })
    expect(t.stream.state.value.stage).toMatchObject({ status: 'streaming', cancelling: true })
    t.send(chunk(3, 'def'))
    t.send(failure('CANCELLED'))
    expect(t.stream.phase.value).toBe('cancelled')
    expect(t.stream.shownText.value).toBe('abcdef')
  })

  it('leaves the stream when the server does not confirm the cancel in time, or says it is not running', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const t = streamOn({ CancelGeneration: () => ({ cancelGeneration: true }) })
    stop = t.stop
    t.stream.generate(options)
    await vi.waitFor(() => expect(t.server.count('GenerateArticle')).toBe(1))
    t.send(metadata())
    await t.stream.cancel()
    expect(t.stream.phase.value).toBe('streaming')
    await vi.advanceTimersByTimeAsync(5000)
    expect(t.stream.phase.value).toBe('cancelled')
    expect(t.server.open('GenerateArticle')).toEqual([])

    const gone = streamOn({ CancelGeneration: () => ({ cancelGeneration: false }) })
    gone.stream.generate(options)
    await vi.waitFor(() => expect(gone.server.count('GenerateArticle')).toBe(1))
    gone.send(metadata())
    await gone.stream.cancel()
    expect(gone.stream.phase.value).toBe('cancelled')
    gone.stop()
  })

  it('follows by polling when the event stream cannot be opened at all', async () => {
    const t = streamOn({ StartGeneration: () => ({ startGeneration: { __typename: 'ArticleError', code: 'RATE_LIMITED', message: 'Too many', retryable: true, retryAfterMs: null } }) })
    stop = t.stop
    t.stream.generate(options)
    await t.opened(1)
    t.server.fail('GenerateArticle')
    expect(t.stream.polling.value).toBe(true)
    await vi.waitFor(() => expect(t.server.count('StartGeneration')).toBe(1))
    await vi.waitFor(() => expect(t.stream.phase.value).toBe('error'))
  })
})
