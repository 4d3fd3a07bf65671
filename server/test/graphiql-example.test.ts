import { describe, expect, it } from 'vitest'
import { artistsExample, portraitExample, portraitVariables } from '../src/yoga.ts'
import { useTestServer } from './tserver.ts'
import { joinChunks, tsubscribe } from './tsubscribe.ts'

const server = useTestServer({ OFFLINE_WRITER_TOKENS_PER_SECOND: '1000000' })

describe('GraphiQL’s examples', () => {
  it('work as written: the Artists tab lists ids, and the Portrait tab streams a portrait once one is pasted in', async () => {
    const { data } = await server().gql<{ artists: { edges: { node: { id: string; name: string } }[] } }>(artistsExample)
    const artist = data!.artists.edges[0]!.node
    expect(artistsExample).toContain('copy an artist\'s "id" for the Portrait tab')
    expect(portraitExample).toContain('PASTE-AN-ARTIST-ID')
    const variables = JSON.parse(portraitVariables.replace('PASTE-AN-ARTIST-ID', artist.id)) as Record<string, unknown>
    const events = await tsubscribe(server().url, 'single', variables, portraitExample).done
    expect(events[0]).toMatchObject({ __typename: 'ArticleMetadata', artist: { name: artist.name } })
    expect(events.at(-1)).toMatchObject({ __typename: 'ArticleDone', article: { status: 'COMPLETE' } })
    expect(joinChunks(events)).toContain(`# ${artist.name}`)
  })
})
