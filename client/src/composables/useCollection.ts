import { useClientHandle } from '@urql/vue'
import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import { graphql } from '../gql/gql.ts'
import type { AlbumFormat, ArtistListItemFragment, ArtistOrder } from '../gql/graphql.ts'

graphql(`
  fragment ArtistListItem on Artist {
    id
    name
    country
    genres
    formedYear
    endedYear
    albumCount
    cover {
      url(size: 128)
      url2x: url(size: 256)
    }
    latestAlbum {
      id
      title
      year
    }
  }
`)

const ArtistsQuery = graphql(`
  query Artists(
    $search: String
    $genre: String
    $format: AlbumFormat
    $portrait: Boolean
    $order: ArtistOrder
    $startsAt: String
    $first: Int
    $after: String
    $counts: Boolean!
  ) {
    artists(search: $search, genre: $genre, format: $format, portrait: $portrait, order: $order, startsAt: $startsAt, first: $first, after: $after) {
      totalCount @include(if: $counts)
      albumCount @include(if: $counts)
      letters @include(if: $counts) {
        letter
        count
      }
      edges {
        cursor
        node {
          ...ArtistListItem
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`)

/** Every genre in the collection, alphabetically (the run form offers them too). */
export const GenresQuery = graphql(`
  query Genres {
    genres
  }
`)

export interface CollectionCounts {
  artists: number
  albums: number
  letters: { letter: string; count: number }[]
}

export interface CollectionPage {
  artists: ArtistListItemFragment[]
  /** Read with the first page of a filter only: later pages do not count again. */
  counts: CollectionCounts | null
  hasNextPage: boolean
  endCursor: string | null
}

export interface UseCollectionOptions {
  search: Ref<string>
  genre: Ref<string>
  /** An AlbumFormat, or '' for every format. */
  format?: Ref<string>
  /** 'with', 'without' or '' (every artist). */
  portrait?: Ref<string>
  /** 'name' (default), 'recent' or 'albums'. */
  order?: Ref<string>
  /** Name order: the letters the list starts at ('S'), or '' for the top. */
  startsAt?: Ref<string>
  /** @default 60 */
  pageSize?: number
  /** Where the pages loaded for each filter are remembered across reloads. @default sessionStorage */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null
}

const storageKey = 'portrait:collection:2'
/** Filters whose loaded pages are remembered; the oldest are forgotten first. */
const rememberedFilters = 20

/**
 * The pages loaded for each filter in this tab. Back, Forward and a return from an artist find the
 * list as it was left (every page loaded, so the scroll position can be taken again), drawn at
 * once; it is then checked against the server, since imports and edits change the collection.
 */
const memory = new Map<string, CollectionPage[]>()
/** The genre list last read, so that a filter restored by Back shows its genre at once. */
let knownGenres: string[] = []

function recall(storage: UseCollectionOptions['storage'], key: string): CollectionPage[] | undefined {
  if (!memory.size && storage) {
    try {
      for (const [k, pages] of JSON.parse(storage.getItem(storageKey) ?? '[]') as [string, CollectionPage[]][]) memory.set(k, pages)
    } catch {
      // A damaged entry only costs reloading the list.
    }
  }
  return memory.get(key)
}

function keep(storage: UseCollectionOptions['storage'], key: string, pages: CollectionPage[]) {
  memory.delete(key)
  memory.set(key, pages)
  while (memory.size > rememberedFilters) memory.delete(memory.keys().next().value!)
  try {
    storage?.setItem(storageKey, JSON.stringify([...memory]))
  } catch {
    // Storage full or refused: the list is still remembered in memory.
  }
}

const formats: readonly string[] = ['VINYL', 'CD', 'CASSETTE', 'DIGITAL'] satisfies AlbumFormat[]
const orders: Record<string, ArtistOrder> = { name: 'NAME', recent: 'RECENT', albums: 'ALBUMS' }

/** The query's variables for a filter, from the address's words ('' and unknown words: no filter). */
export function collectionVariables(filter: { search: string; genre: string; format: string; portrait: string; order: string; startsAt: string }) {
  const order = orders[filter.order] ?? 'NAME'
  return {
    search: filter.search || null,
    genre: filter.genre || null,
    format: formats.includes(filter.format.toUpperCase()) ? (filter.format.toUpperCase() as AlbumFormat) : null,
    portrait: filter.portrait === 'with' ? true : filter.portrait === 'without' ? false : null,
    order,
    startsAt: order === 'NAME' && filter.startsAt ? filter.startsAt : null,
  }
}

/** The artists matching a search and filters, in an order, grown page by page with `loadMore`. */
export function useCollection({ search, genre, format = ref(''), portrait = ref(''), order = ref(''), startsAt = ref(''), pageSize = 60, storage = globalThis.sessionStorage ?? null }: UseCollectionOptions) {
  const { client } = useClientHandle()
  const filter = computed(() => collectionVariables({ search: search.value, genre: genre.value, format: format.value, portrait: portrait.value, order: order.value, startsAt: startsAt.value }))
  const key = computed(() => JSON.stringify(filter.value))
  const pages = shallowRef<CollectionPage[]>([])
  const fetching = shallowRef(false)
  const error = shallowRef<Error | null>(null)
  const genres = shallowRef<string[]>(knownGenres)
  /** Answers to an older filter that arrive late are dropped. */
  let generation = 0

  async function fetchPage(after: string | null): Promise<CollectionPage | null> {
    const variables = { ...filter.value, first: pageSize, after, counts: after === null }
    const result = await client.query(ArtistsQuery, variables, { requestPolicy: 'network-only' }).toPromise()
    if (result.error || !result.data) {
      error.value = result.error ?? new Error('No answer from the server.')
      return null
    }
    error.value = null
    const { artists } = result.data
    const counts = artists.totalCount != null && artists.albumCount != null && artists.letters ? { artists: artists.totalCount, albums: artists.albumCount, letters: artists.letters } : null
    return { artists: artists.edges.map((edge) => edge.node), counts, hasNextPage: artists.pageInfo.hasNextPage, endCursor: artists.pageInfo.endCursor ?? null }
  }

  /** Reads the first page again; the pages after it stay unless the first one changed. */
  async function revalidate() {
    const run = ++generation
    const filter = key.value
    fetching.value = true
    try {
      const first = await fetchPage(null)
      if (!first || run !== generation) return
      const known = pages.value[0]
      const same = known && known.counts?.artists === first.counts?.artists && known.artists.map((a) => a.id).join() === first.artists.map((a) => a.id).join()
      pages.value = same ? [first, ...pages.value.slice(1)] : [first]
      keep(storage, filter, pages.value)
    } finally {
      // Only once the pages are in place: a list that asks for more as soon as it may must not
      // see the old last page with nothing being fetched.
      if (run === generation) fetching.value = false
    }
  }

  async function refreshGenres() {
    const result = await client.query(GenresQuery, {}, { requestPolicy: 'network-only' }).toPromise()
    if (result.data) genres.value = knownGenres = result.data.genres
  }

  watch(
    key,
    (filter) => {
      pages.value = recall(storage, filter) ?? []
      void revalidate()
    },
    { immediate: true },
  )
  void refreshGenres()

  const last = computed(() => pages.value.at(-1) ?? null)
  const counts = computed(() => pages.value[0]?.counts ?? null)
  return {
    artists: computed(() => pages.value.flatMap((page) => page.artists)),
    totalCount: computed(() => counts.value?.artists ?? null),
    albumCount: computed(() => counts.value?.albums ?? null),
    letters: computed(() => counts.value?.letters ?? []),
    hasMore: computed(() => last.value?.hasNextPage ?? false),
    genres,
    fetching,
    error,
    refresh() {
      pages.value = []
      void revalidate()
      void refreshGenres()
    },
    async loadMore() {
      const cursor = last.value?.endCursor
      if (!cursor || fetching.value) return
      const run = generation
      const filter = key.value
      fetching.value = true
      try {
        const page = await fetchPage(cursor)
        if (!page || run !== generation) return
        pages.value = [...pages.value, page]
        keep(storage, filter, pages.value)
      } finally {
        if (run === generation) fetching.value = false
      }
    },
  }
}
