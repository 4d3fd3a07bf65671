import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { shallowRef } from 'vue'
import { initialArticleState, phaseOf, reduceArticle, type ArticleAction } from './articleState.ts'
import { createPoller, pollIntervalMs } from './pollGeneration.ts'
import { started } from './tarticle.ts'
import { fakeServer, type Answers } from './tclient.ts'

const generation = { __typename: 'Generation', id: 'g1', status: 'RUNNING', model: 'm', offline: false, targetWords: 600, startedAt: started, language: 'en', length: 'MEDIUM', tone: 'NEUTRAL' }

/** A generation that has written `written[i]` by the i-th poll, then ends as `end`. */
function generationServer(written: string[], end: 'COMPLETE' | 'CANCELLED' | 'FAILED'): Answers {
  let polls = 0
  return {
    StartGeneration: () => ({ startGeneration: generation }),
    PollGeneration: ({ from }) => {
      const text = written[Math.min(polls, written.length - 1)]!
      const status = polls++ < written.length - 1 ? 'RUNNING' : end
      const article = status === 'COMPLETE' ? { __typename: 'Article', id: 'g1', wordCount: 3, status, timings: { durationMs: 2000 }, markdown: text } : null
      return { generation: { __typename: 'GenerationStatus', id: 'g1', status, text: text.slice(from as number) }, article }
    },
  }
}

function follow(answers: Answers) {
  const server = fakeServer(answers)
  const state = shallowRef(reduceArticle(initialArticleState, { type: 'start', now: 0 }))
  const actions: ArticleAction[] = []
  const dispatch = (action: ArticleAction) => {
    actions.push(action)
    state.value = reduceArticle(state.value, action)
  }
  const poller = createPoller({ client: server.client, state, dispatch })
  return { server, state, actions, poller, events: () => actions.flatMap((action) => (action.type === 'event' ? [action.event] : [])) }
}

describe('following a generation without an event stream', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }))
  afterEach(() => vi.useRealTimers())

  it('turns each answer into the events a stream sends: the new text where the reader’s stops, then the end to check it against', async () => {
    const saved = 'one two three'
    const { server, state, events, poller } = follow(generationServer(['one ', 'one two ', saved], 'COMPLETE'))
    await poller.start('a1', { options: { language: 'en', length: 'MEDIUM', tone: 'NEUTRAL' } })
    expect(server.asked[0]).toMatchObject({ name: 'StartGeneration', variables: { artistId: 'a1' } })
    expect(state.value.text).toBe('one ')
    await vi.advanceTimersByTimeAsync(pollIntervalMs)
    await vi.advanceTimersByTimeAsync(pollIntervalMs)
    // The end comes once the saved text is hashed, off the main thread.
    await vi.waitFor(() => expect(phaseOf(state.value)).toBe('done'))
    expect(state.value.text).toBe(saved)
    expect(server.asked.filter((operation) => operation.name === 'PollGeneration').map((operation) => operation.variables.from)).toEqual([0, 4, 8])
    expect(events().map((event) => event.__typename)).toEqual(['ArticleMetadata', 'ArticleChunk', 'ArticleChunk', 'ArticleChunk', 'ArticleDone'])
    expect(events().at(-1)).toMatchObject({ length: saved.length, sha256: createHash('sha256').update(saved).digest('hex') })
    // Ended: nothing more is asked.
    await vi.advanceTimersByTimeAsync(5 * pollIntervalMs)
    expect(server.count('PollGeneration')).toBe(3)
  })

  it('ends cancelled, or failed, as the generation did', async () => {
    const cancelled = follow(generationServer(['one ', 'one two '], 'CANCELLED'))
    await cancelled.poller.start('a1', {})
    await vi.advanceTimersByTimeAsync(pollIntervalMs)
    expect(phaseOf(cancelled.state.value)).toBe('cancelled')
    const failed = follow(generationServer(['one '], 'FAILED'))
    await failed.poller.start('a1', {})
    expect(failed.state.value.stage).toMatchObject({ status: 'error', error: { code: 'UPSTREAM_UNAVAILABLE', retryable: true } })
  })

  it('asks nothing more once stopped', async () => {
    const { server, poller } = follow(generationServer(['one ', 'one two ', 'one two three'], 'COMPLETE'))
    await poller.start('a1', {})
    poller.stop()
    await vi.advanceTimersByTimeAsync(5 * pollIntervalMs)
    expect(server.count('PollGeneration')).toBe(1)
  })

  it('passes a refusal on as the stream would, and a server out of reach as a lost connection', async () => {
    const refused = follow({ StartGeneration: () => ({ startGeneration: { __typename: 'ArticleError', code: 'RATE_LIMITED', message: 'Too many', retryable: true, retryAfterMs: 3000 } }) })
    await refused.poller.start('a1', {})
    expect(refused.state.value.stage).toMatchObject({ status: 'error', error: { code: 'RATE_LIMITED', retryAfterMs: 3000 } })
    const unreachable = follow({ StartGeneration: () => ({ errors: [{ message: 'Service unavailable' }] }) })
    await unreachable.poller.start('a1', {})
    expect(unreachable.state.value.stage).toMatchObject({ status: 'error', error: { code: 'CONNECTION_LOST' } })
  })
})
