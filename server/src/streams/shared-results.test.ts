import { parse } from 'graphql'
import { describe, expect, it } from 'vitest'
import type { ExecutionResult } from 'graphql'
import type { Reader } from './reader.ts'
import { schema, source, text } from './test-events.ts'
import { createSharedSubscribe } from './shared-results.ts'

describe('shared results taken without a turn each', () => {
  it('hands over ready results at once, and leaves a result with errors to next(), where the pipeline sees it, in order', async () => {
    const events = source(5)
    const subscribe = createSharedSubscribe()
    const results = (await subscribe({
      schema,
      document: parse('subscription { events { n text } }'),
      rootValue: undefined,
      contextValue: {},
      // The source stands in for the field's own subscribe.
      subscribeFieldResolver: () => events,
    } as never)) as Reader<ExecutionResult>
    const seen: unknown[] = []
    for (;;) {
      const ready = results.poll()
      if (typeof ready === 'object' && ready.done) break
      if (typeof ready === 'object') {
        seen.push({ via: 'poll', data: ready.value.data })
        continue
      }
      expect(ready).toBe('next')
      const step = await results.next()
      if (step.done) break
      seen.push({ via: 'next', data: step.value.data, errors: step.value.errors?.map((error) => error.message) })
    }
    expect(seen).toEqual([
      { via: 'poll', data: { events: { n: 1, text: 'event 1' } } },
      { via: 'poll', data: { events: { n: 2, text: 'event 2' } } },
      { via: 'next', data: null, errors: ['secret detail at /srv/portrait'] },
      { via: 'poll', data: { events: { n: 4, text: 'event 4' } } },
      { via: 'poll', data: { events: { n: 5, text: 'event 5' } } },
    ])
  })
})

describe('a source that updates one object in place', () => {
  it('has each of its events executed as it comes, not served the first result again', async () => {
    // As an import's progress is watched: the same snapshot object, changed between events.
    const snapshot = { n: 1, text }
    let sent = 0
    const source: AsyncIterator<unknown> = {
      next: async () => (sent < 3 ? { done: false, value: Object.assign(snapshot, { n: [1, 2, 4][sent++]! }) } : { done: true, value: undefined }),
      return: async () => ({ done: true, value: undefined }),
    }
    const results = (await createSharedSubscribe()({
      schema,
      document: parse('subscription { events { n } }'),
      contextValue: {},
      subscribeFieldResolver: () => ({ [Symbol.asyncIterator]: () => source }),
    } as never)) as Reader<ExecutionResult>
    const seen: unknown[] = []
    for await (const result of results) seen.push(result.data)
    expect(seen).toEqual([{ events: { n: 1 } }, { events: { n: 2 } }, { events: { n: 4 } }])
  })
})
