import { describe, expect, it } from 'vitest'
import { useModelServer } from './tserver.ts'
import { tsubscribe } from './tsubscribe.ts'

const { model, server, freshArtist } = useModelServer({
  RATE_LIMIT_GENERATIONS: '3',
  RATE_LIMIT_WINDOW_MS: '60000',
  MAX_CONCURRENT_GENERATIONS: '1',
  GENERATION_LINGER_MS: '0',
})

describe('limits on starting generations', () => {
  it('caps concurrent generations and rate-limits each client, with retryAfterMs, but never attaching or saved reads', async () => {
    const [a, b, c, d] = [freshArtist(), freshArtist(), freshArtist(), freshArtist()]

    model.setDefault({ tokens: 100, stallAfter: 3 })
    const running = tsubscribe(server().url, 'single', { artistId: a, regenerate: true })
    const [metadata] = await running.received(2)

    const capped = await tsubscribe(server().url, 'distinct', { artistId: b, regenerate: true }).done
    expect(capped).toEqual([expect.objectContaining({ __typename: 'ArticleError', code: 'RATE_LIMITED', retryable: true })])
    expect(capped[0]!.retryAfterMs).toBeGreaterThan(0)

    // A second reader of the running generation is not a new generation: always let in.
    const attached = tsubscribe(server().url, 'distinct', { artistId: a })
    expect((await attached.received(1))[0]).toMatchObject({ generationId: metadata!.generationId })
    await server().gql('mutation ($id: ID!) { cancelGeneration(id: $id) }', { id: metadata!.generationId })
    await Promise.all([running.done, attached.done])

    model.setDefault({ tokens: 5 })
    expect((await tsubscribe(server().url, 'single', { artistId: b }).done).at(-1)).toMatchObject({ __typename: 'ArticleDone' })
    expect((await tsubscribe(server().url, 'single', { artistId: c }).done).at(-1)).toMatchObject({ __typename: 'ArticleDone' })
    const limited = await tsubscribe(server().url, 'single', { artistId: d }).done
    expect(limited).toEqual([expect.objectContaining({ code: 'RATE_LIMITED', retryable: true })])
    expect(limited[0]!.retryAfterMs).toBeGreaterThan(50_000)
    expect(limited[0]!.retryAfterMs).toBeLessThanOrEqual(60_000)
    expect(model.requests).toHaveLength(3)

    // Reading a saved article costs nothing.
    const saved = await tsubscribe(server().url, 'single', { artistId: b }).done
    expect(saved[0]).toMatchObject({ fromSaved: true })
    expect(saved.at(-1)).toMatchObject({ __typename: 'ArticleDone' })
  })
})
