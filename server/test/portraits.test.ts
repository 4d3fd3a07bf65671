import { describe, expect, it } from 'vitest'
import { useModelServer } from './tserver.ts'
import { joinChunks, tsubscribe } from './tsubscribe.ts'

const { model, server } = useModelServer({
  GENERATION_LINGER_MS: '400',
  GENERATION_CHECKPOINT_MS: '10000',
  RATE_LIMIT_GENERATIONS: '1000',
  LLM_MAX_RETRIES: '0',
})

interface Portrait {
  id: string
  status: string
  language: string
  length: string
  tone: string
  wordCount: number
  createdAt: string
  generation: { status: string; writtenWords: number; targetWords: number } | null
}

const portraits = async (artistId: string) => {
  const { data, errors } = await server().gql<{ artist: { portraits: Portrait[] } }>(
    `query ($id: ID!) { artist(id: $id) { portraits { id status language length tone wordCount createdAt generation { status writtenWords targetWords } } } }`,
    { id: artistId },
  )
  expect(errors).toBeUndefined()
  return data!.artist.portraits
}

const artistNamed = async (search: string) => {
  const { data } = await server().gql<{ artists: { edges: { node: { id: string } }[] } }>('query ($s: String) { artists(search: $s) { edges { node { id } } } }', { s: search })
  return data!.artists.edges[0]!.node.id
}

describe("an artist's portraits", () => {
  it('lists a portrait as being written from its first words, not a checkpoint interval later', async () => {
    const artistId = await artistNamed('kraftwerk')
    model.setDefault({ tokens: 200, paceMs: 25 })
    const running = tsubscribe(server().url, 'distinct', { artistId, regenerate: true })
    const events = await running.received(2)
    const listedAt = performance.now()
    await expect.poll(async () => (await portraits(artistId))[0]?.id, { interval: 20 }).toBe(events[0]!.generationId)
    const took = performance.now() - listedAt
    console.log(`listed as being written ${took.toFixed(0)} ms after its first chunk (checkpoints every 10 s)`)
    expect(took).toBeLessThan(1000)
    running.unsubscribe()
  })

  it('lists every portrait newest first, with the one being written and how far it is, which reading does not keep alive', async () => {
    const artistId = await artistNamed('nina simone')
    expect(await portraits(artistId)).toEqual([])

    model.setDefault({ tokens: 20 })
    const first = await tsubscribe(server().url, 'distinct', { artistId, options: { language: 'fr', length: 'SHORT', tone: 'SCHOLARLY' } }).done
    expect(first.at(-1)!.__typename).toBe('ArticleDone')

    model.setDefault({ tokens: 400, paceMs: 25 })
    const running = tsubscribe(server().url, 'single', { artistId, regenerate: true })
    const events = await running.received(30)
    const generationId = events[0]!.generationId as string
    // The first words make the row: from then on another tab or instance sees it being written.
    await expect.poll(async () => (await portraits(artistId))[0]?.id, { timeout: 5_000 }).toBe(generationId)
    const [writing, finished] = await portraits(artistId)
    expect(finished).toMatchObject({ id: first[0]!.generationId, status: 'COMPLETE', language: 'fr', length: 'SHORT', tone: 'SCHOLARLY', wordCount: 20, generation: null })
    expect(writing).toMatchObject({ status: 'WRITING', length: 'MEDIUM', generation: { status: 'RUNNING', targetWords: 1500 } })
    expect(writing!.generation!.writtenWords).toBeGreaterThanOrEqual(29)
    expect(Date.parse(writing!.createdAt)).toBeGreaterThan(Date.parse(finished!.createdAt))

    // The reader leaves; a page that only looks at the list must not keep the model running.
    const received = joinChunks(running.events)
    running.unsubscribe()
    const leftAt = Date.now()
    while (Date.now() - leftAt < 3_000 && (await portraits(artistId))[0]!.status === 'WRITING') await new Promise((resolve) => setTimeout(resolve, 50))
    const [cancelled] = await portraits(artistId)
    expect(cancelled).toMatchObject({ id: generationId, status: 'CANCELLED', generation: null })
    expect(cancelled!.wordCount).toBeGreaterThanOrEqual(received.split(' ').filter(Boolean).length)
  })
})
