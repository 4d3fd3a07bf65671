import { describe, expect, it } from 'vitest'
import { useModelServer } from './tserver.ts'
import { tsubscribe } from './tsubscribe.ts'

const { model, server, freshArtist } = useModelServer({
  RATE_LIMIT_GENERATIONS: '1000',
  LLM_MAX_RETRIES: '0',
  LLM_BREAKER_THRESHOLD: '3',
  LLM_BREAKER_COOLDOWN_MS: '400',
})

describe('circuit breaker', () => {
  it('opens after repeated upstream failures, answers at once without calling the model, and closes after a good probe', async () => {
    const artistId = freshArtist()
    const generate = () => tsubscribe(server().url, 'single', { artistId, regenerate: true }).done

    model.setDefault({ status: 502 })
    for (let i = 0; i < 3; i++) {
      expect((await generate()).at(-1)).toMatchObject({ code: 'UPSTREAM_UNAVAILABLE' })
    }
    expect(model.requests).toHaveLength(3)

    const started = performance.now()
    const rejected = await generate()
    expect(rejected).toEqual([expect.objectContaining({ __typename: 'ArticleError', code: 'UPSTREAM_UNAVAILABLE', retryable: true })])
    expect(rejected[0]!.retryAfterMs).toBeGreaterThan(0)
    expect(rejected[0]!.retryAfterMs).toBeLessThanOrEqual(400)
    expect(performance.now() - started).toBeLessThan(200)
    expect(model.requests).toHaveLength(3)

    // After the cooldown one probe goes through; it succeeds and the circuit closes again.
    model.setDefault({ tokens: 5 })
    await new Promise((resolve) => setTimeout(resolve, 450))
    expect((await generate()).at(-1)).toMatchObject({ __typename: 'ArticleDone' })
    expect((await generate()).at(-1)).toMatchObject({ __typename: 'ArticleDone' })
    expect(model.requests).toHaveLength(5)
  })
})
