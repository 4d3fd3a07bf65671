import { describe, expect, it } from 'vitest'
import { useTestServer } from './tserver.ts'

const server = useTestServer()

interface Page {
  artists: {
    totalCount: number
    edges: { cursor: string; node: { id: string; name: string; sortName: string; genres: string[] } }[]
    pageInfo: { hasNextPage: boolean; endCursor: string | null }
  }
}

const list = `query ($first: Int, $after: String, $search: String, $genre: String) {
  artists(first: $first, after: $after, search: $search, genre: $genre) {
    totalCount
    edges { cursor node { id name sortName genres } }
    pageInfo { hasNextPage endCursor }
  }
}`

describe('collection over HTTP', () => {
  it('pages through every artist exactly once, in sort-name order', async () => {
    const { gql } = server()
    const seen: string[] = []
    let after: string | null = null
    let total = 0
    for (let page = 0; page < 20; page++) {
      const { data, errors }: Awaited<ReturnType<typeof gql<Page>>> = await gql<Page>(list, { first: 25, after })
      expect(errors).toBeUndefined()
      total = data!.artists.totalCount
      seen.push(...data!.artists.edges.map((edge) => edge.node.sortName))
      if (!data!.artists.pageInfo.hasNextPage) break
      after = data!.artists.pageInfo.endCursor
    }
    expect(total).toBeGreaterThanOrEqual(60)
    expect(seen).toHaveLength(total)
    expect(new Set(seen).size).toBe(total)
    // As a reader files them: accents and case aside, "Évora" with the E's and not after "Yellow".
    const collator = new Intl.Collator('en', { sensitivity: 'base', ignorePunctuation: true })
    const sorted = [...seen].sort(collator.compare)
    expect(seen.indexOf('Évora, Cesária')).toBeLessThan(seen.indexOf('Fitzgerald, Ella'))
    expect(seen).toEqual(sorted)
  })

  it('searches ignoring case and accents', async () => {
    const { gql } = server()
    for (const search of ['bjork', 'BJÖRK', 'cesaria evora', 'Sigur Ros']) {
      const { data } = await gql<Page>(list, { search })
      expect(data!.artists.totalCount, search).toBe(1)
    }
    const { data } = await gql<Page>(list, { search: 'beatles' })
    expect(data!.artists.edges.map((e) => e.node.name)).toEqual(['The Beatles'])
    const none = await gql<Page>(list, { search: 'zzzz no such artist' })
    expect(none.data!.artists).toMatchObject({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } })
  })

  it('filters by genre, with totals over all pages', async () => {
    const { gql } = server()
    const { data } = await gql<Page>(list, { genre: 'jazz', first: 2 })
    expect(data!.artists.totalCount).toBeGreaterThan(2)
    expect(data!.artists.edges).toHaveLength(2)
    expect(data!.artists.pageInfo.hasNextPage).toBe(true)
    expect(data!.artists.edges.every((e) => e.node.genres.includes('jazz'))).toBe(true)
    const genres = await gql<{ genres: string[] }>('{ genres }')
    expect(genres.data!.genres).toContain('jazz')
    expect(genres.data!.genres).toEqual([...genres.data!.genres].sort())
  })

  it('reads an artist by id with albums, and answers null for an unknown id', async () => {
    const { gql } = server()
    const { data } = await gql<Page>(list, { search: 'miles davis' })
    const id = data!.artists.edges[0]!.node.id
    const artist = await gql<{ artist: { name: string; albums: { title: string; year: number }[]; article: null } }>(
      'query ($id: ID!) { artist(id: $id) { name albums { title year } article { id } } }',
      { id },
    )
    expect(artist.data!.artist.name).toBe('Miles Davis')
    expect(artist.data!.artist.albums.map((a) => a.title)).toContain('Kind of Blue')
    const years = artist.data!.artist.albums.map((a) => a.year)
    expect(years).toEqual([...years].sort())
    expect(artist.data!.artist.article).toBeNull()
    for (const unknown of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const missing = await gql('query ($id: ID!) { artist(id: $id) { name } }', { id: unknown })
      expect(missing).toEqual({ data: { artist: null } })
    }
  })

  it('rejects an invalid cursor and an out-of-range page size with clear errors', async () => {
    const { gql } = server()
    const bad = await gql(list, { after: 'garbage' })
    expect(bad.errors?.[0]).toMatchObject({ message: expect.stringMatching(/Invalid cursor/), extensions: { code: 'BAD_CURSOR' } })
    const big = await gql(list, { first: 1000 })
    expect(big.errors?.[0]?.message).toMatch(/between 1 and 100/)
  })
})
