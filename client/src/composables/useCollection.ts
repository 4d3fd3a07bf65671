import { useClientHandle } from '@urql/vue'
import { computed, shallowRef, watch, type Ref } from 'vue'
import { graphql } from '../gql/gql.ts'
import type { ArtistListItemFragment } from '../gql/graphql.ts'

graphql(`
  fragment ArtistListItem on Artist {
    id
    name
    country
    genres
    formedYear
    endedYear
  }
`)

const ArtistsQuery = graphql(`
  query Artists($search: String, $genre: String, $first: Int, $after: String) {
    artists(search: $search, genre: $genre, first: $first, after: $after) {
      totalCount
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

export interface CollectionPage {
  artists: ArtistListItemFragment[]
  totalCount: number
  hasNextPage: boolean
  endCursor: string | null
}

export interface UseCollectionOptions {
  search: Ref<string>
  genre: Ref<string>
  /** @default 24 */
  pageSize?: number
  /** Where the pages loaded for each filter are remembered across reloads. @default sessionStorage */
  storage?: Pick<Storage, 'getItem' | 'setItem'> | null
}

const storageKey = 'portrait:collection'
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

/** The artists matching a search and genre, grown page by page with `loadMore`. */
export function useCollection({ search, genre, pageSize = 24, storage = globalThis.sessionStorage ?? null }: UseCollectionOptions) {
  const { client } = useClientHandle()
  const key = computed(() => JSON.stringify([search.value, genre.value]))
  const pages = shallowRef<CollectionPage[]>([])
  const fetching = shallowRef(false)
  const error = shallowRef<Error | null>(null)
  const genres = shallowRef<string[]>(knownGenres)
  /** Answers to an older filter that arrive late are dropped. */
  let generation = 0

  async function fetchPage(after: string | null): Promise<CollectionPage | null> {
    const variables = { search: search.value || null, genre: genre.value || null, first: pageSize, after }
    const result = await client.query(ArtistsQuery, variables, { requestPolicy: 'network-only' }).toPromise()
    if (result.error || !result.data) {
      error.value = result.error ?? new Error('No answer from the server.')
      return null
    }
    error.value = null
    const { artists } = result.data
    return { artists: artists.edges.map((edge) => edge.node), totalCount: artists.totalCount, hasNextPage: artists.pageInfo.hasNextPage, endCursor: artists.pageInfo.endCursor ?? null }
  }

  /** Reads the first page again; the pages after it stay unless the first one changed. */
  async function revalidate() {
    const run = ++generation
    const filter = key.value
    fetching.value = true
    const first = await fetchPage(null).finally(() => run === generation && (fetching.value = false))
    if (!first || run !== generation) return
    const known = pages.value[0]
    const same = known && known.totalCount === first.totalCount && known.artists.map((a) => a.id).join() === first.artists.map((a) => a.id).join()
    pages.value = same ? [first, ...pages.value.slice(1)] : [first]
    keep(storage, filter, pages.value)
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
  return {
    artists: computed(() => pages.value.flatMap((page) => page.artists)),
    totalCount: computed(() => last.value?.totalCount ?? null),
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
      const page = await fetchPage(cursor).finally(() => (fetching.value = false))
      if (!page || run !== generation) return
      pages.value = [...pages.value, page]
      keep(storage, filter, pages.value)
    },
  }
}
