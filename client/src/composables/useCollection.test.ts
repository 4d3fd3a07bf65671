// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { nextTick, ref } from 'vue'
import { collectionVariables, useCollection } from './useCollection.ts'
import { fakeServer, withClient } from './tclient.ts'

const filter = { search: '', genre: '', format: '', portrait: '', order: '', startsAt: '' }
const artist = (id: string) => ({ __typename: 'Artist', id, name: id, country: null, genres: [], formedYear: null, endedYear: null, albumCount: 1, cover: null, latestAlbum: null })

/** A collection of `names`, served `size` at a time, counted with the first page. */
function collection(names: string[], size = 2) {
  return ({ after, counts }: Record<string, unknown>) => {
    const from = after ? names.indexOf(after as string) + 1 : 0
    const page = names.slice(from, from + size)
    return {
      artists: {
        ...(counts ? { totalCount: names.length, albumCount: names.length, letters: [{ letter: 'A', count: names.length }] } : {}),
        edges: page.map((name) => ({ cursor: name, node: artist(name) })),
        pageInfo: { hasNextPage: from + size < names.length, endCursor: page.at(-1) ?? null },
      },
    }
  }
}
const memoryStorage = () => {
  const items = new Map<string, string>()
  return { getItem: (key: string) => items.get(key) ?? null, setItem: (key: string, value: string) => void items.set(key, value) }
}

describe('the collection’s address', () => {
  it('turns the address’s words into the query’s filters, ignoring words it does not know', () => {
    expect(collectionVariables(filter)).toEqual({ search: null, genre: null, format: null, portrait: null, order: 'NAME', startsAt: null })
    expect(collectionVariables({ ...filter, search: 'cash', genre: 'soul', format: 'vinyl', portrait: 'without', order: 'albums' })).toEqual({
      search: 'cash',
      genre: 'soul',
      format: 'VINYL',
      portrait: false,
      order: 'ALBUMS',
      startsAt: null,
    })
    expect(collectionVariables({ ...filter, format: 'eight-track', portrait: 'maybe', order: 'random' })).toMatchObject({ format: null, portrait: null, order: 'NAME' })
  })

  it('starts the list at a letter in name order only', () => {
    expect(collectionVariables({ ...filter, startsAt: 'S' }).startsAt).toBe('S')
    expect(collectionVariables({ ...filter, startsAt: 'S', order: 'recent' }).startsAt).toBeNull()
  })
})

describe('browsing the collection', () => {
  it('grows page by page, counted with the first page only', async () => {
    const server = fakeServer({ Genres: () => ({ genres: [] }), Artists: collection(['Abba', 'Adele', 'Air', 'Alt-J', 'Aphex Twin']) })
    const search = ref('a')
    const { result: list, unmount } = withClient(server.client, () => useCollection({ search, genre: ref(''), storage: null }))
    await vi.waitFor(() => expect(list.artists.value.map((a) => a.id)).toEqual(['Abba', 'Adele']))
    expect(list.totalCount.value).toBe(5)
    await list.loadMore()
    await list.loadMore()
    expect(list.artists.value.map((a) => a.id)).toEqual(['Abba', 'Adele', 'Air', 'Alt-J', 'Aphex Twin'])
    expect(list.hasMore.value).toBe(false)
    expect(server.asked.filter((operation) => operation.name === 'Artists').map((operation) => operation.variables.counts)).toEqual([true, false, false])
    unmount()
  })

  it('finds the pages it had for a filter on Back, at once, and keeps them when the first page has not changed', async () => {
    const storage = memoryStorage()
    const names = ['Bach', 'Basie', 'Bjork', 'Blur', 'Bowie']
    const first = fakeServer({ Genres: () => ({ genres: [] }), Artists: collection(names) })
    const before = withClient(first.client, () => useCollection({ search: ref('b'), genre: ref(''), storage }))
    await vi.waitFor(() => expect(before.result.artists.value).toHaveLength(2))
    await before.result.loadMore()
    before.unmount()

    const again = fakeServer({ Genres: () => ({ genres: [] }), Artists: collection(names) })
    const { result: list, unmount } = withClient(again.client, () => useCollection({ search: ref('b'), genre: ref(''), storage }))
    // Drawn from memory before the server answers, so the scroll position can be taken again.
    expect(list.artists.value.map((a) => a.id)).toEqual(['Bach', 'Basie', 'Bjork', 'Blur'])
    await vi.waitFor(() => expect(list.fetching.value).toBe(false))
    await nextTick()
    expect(list.artists.value).toHaveLength(4)
    expect(again.count('Artists')).toBe(1)
    unmount()
  })

  it('starts again from the first page when the collection changed under it', async () => {
    const storage = memoryStorage()
    const before = withClient(fakeServer({ Genres: () => ({ genres: [] }), Artists: collection(['Cash', 'Cave', 'Cohen']) }).client, () => useCollection({ search: ref('c'), genre: ref(''), storage }))
    await vi.waitFor(() => expect(before.result.artists.value).toHaveLength(2))
    await before.result.loadMore()
    before.unmount()

    const imported = fakeServer({ Genres: () => ({ genres: [] }), Artists: collection(['Cale', 'Cash', 'Cave', 'Cohen']) })
    const { result: list, unmount } = withClient(imported.client, () => useCollection({ search: ref('c'), genre: ref(''), storage }))
    await vi.waitFor(() => expect(list.artists.value.map((a) => a.id)).toEqual(['Cale', 'Cash']))
    expect(list.totalCount.value).toBe(4)
    unmount()
  })
})
