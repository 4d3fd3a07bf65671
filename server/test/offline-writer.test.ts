import { describe, expect, it } from 'vitest'
import { useTestServer } from './tserver.ts'
import { joinChunks, tsubscribe } from './tsubscribe.ts'

const server = useTestServer({ OFFLINE_WRITER_TOKENS_PER_SECOND: '1000000', RATE_LIMIT_GENERATIONS: '1000', MAX_CONCURRENT_GENERATIONS: '100' })

describe('built-in offline writer', () => {
  it('streams a complete, factual portrait for every seeded artist, naming itself as offline', async () => {
    const { data } = await server().gql<{ artists: { totalCount: number; edges: { node: { id: string; name: string; formedYear: number | null; endedYear: number | null; albums: { title: string }[] } }[] } }>(
      '{ artists(first: 100) { totalCount edges { node { id name formedYear endedYear albums { title } } } } }',
    )
    const artists = data!.artists.edges.map((edge) => edge.node)
    expect(artists).toHaveLength(data!.artists.totalCount)
    for (const artist of artists) {
      const events = await tsubscribe(server().url, 'single', { artistId: artist.id, options: { language: 'en' } }).done
      expect(events[0], artist.name).toMatchObject({ __typename: 'ArticleMetadata', offline: true, model: 'portrait-offline-writer' })
      const done = events.at(-1)!
      expect(done.__typename, artist.name).toBe('ArticleDone')
      const text = joinChunks(events)
      expect(done.article.markdown).toBe(text)
      expect(text).toMatch(/^# .+\n/)
      expect(text).toContain('| Year | Album | Label | Format |')
      expect(text.match(/^## /gm)!.length).toBeGreaterThanOrEqual(4)
      // The target is what this writer planned, so a reader's progress bar ends at 100 %, not 25 %.
      expect(events[0]!.targetWords, artist.name).toBe(text.match(/\S+/g)!.length)
      // Years only when the collection knows them: nothing it does not know is stated.
      if (artist.formedYear) expect(text).toContain(`- **Active:** ${artist.formedYear}–${artist.endedYear ?? 'today'}`)
      else if (!artist.endedYear) expect(text, artist.name).not.toContain('**Active:**')
      // Every album held appears, with Markdown characters escaped.
      for (const album of artist.albums) {
        expect(text).toContain(album.title.replace(/([\\`*_[\]<>|#])/g, '\\$1'))
      }
    }
  })

  it('writes French when asked', async () => {
    const { data } = await server().gql<{ artists: { edges: { node: { id: string } }[] } }>('{ artists(search: "brel") { edges { node { id } } } }')
    const events = await tsubscribe(server().url, 'distinct', { artistId: data!.artists.edges[0]!.node.id, options: { language: 'fr' } }).done
    const text = joinChunks(events)
    expect(text).toContain('## Par où commencer')
    expect(text).toContain('Belgique')
  })
})
