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

  it('keeps the length asked for, within 15 %, in English and French, and announces what it writes', async () => {
    const { data } = await server().gql<{ artists: { edges: { node: { id: string; name: string; albums: { title: string }[] } }[] } }>(
      '{ artists(first: 100) { edges { node { id name albums { title } } } } }',
    )
    const artists = data!.artists.edges.map((edge) => edge.node).sort((a, b) => a.albums.length - b.albums.length)
    // The fewest albums (the least to say) and the most.
    for (const artist of [artists[0]!, artists.at(-1)!]) {
      for (const language of ['en', 'fr']) {
        for (const [length, target] of [['SHORT', 600], ['MEDIUM', 1500], ['LONG', 3000]] as const) {
          const events = await tsubscribe(server().url, 'single', { artistId: artist.id, options: { language, length }, regenerate: true }).done
          const text = joinChunks(events)
          const words = text.match(/\S+/g)!.length
          const what = `${artist.name} ${language} ${length}: ${words} words`
          expect(words, what).toBeGreaterThanOrEqual(target * 0.85)
          expect(words, what).toBeLessThanOrEqual(target * 1.15)
          expect(events[0]!.targetWords, what).toBe(words)
          expect(text, what).not.toMatch(/lorem|ipsum/i)
          // Varied: no paragraph said twice.
          const paragraphs = text.split(/\n\n+/).filter((p) => p.length > 40)
          expect(new Set(paragraphs).size, what).toBe(paragraphs.length)
          for (const album of artist.albums) expect(text, what).toContain(album.title.replace(/([\\`*_[\]<>|#])/g, '\\$1'))
          if (language === 'fr') expect(text, what).toContain('## Notes d’écoute')
        }
      }
    }
  })
})
