import { useQuery } from '@urql/vue'
import { computed, ref, watch, type Ref } from 'vue'
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

const GenresQuery = graphql(`
  query Genres {
    genres
  }
`)

export interface UseCollectionOptions {
  search: Ref<string>
  genre: Ref<string>
  /** @default 24 */
  pageSize?: number
}

/** The artists matching a search and genre, grown page by page with `loadMore`. */
export function useCollection({ search, genre, pageSize = 24 }: UseCollectionOptions) {
  const after = ref<string | null>(null)
  const pages = ref<ArtistListItemFragment[][]>([])
  const variables = computed(() => ({
    search: search.value || null,
    genre: genre.value || null,
    first: pageSize,
    after: after.value,
  }))
  // Imports and edits (here, in another tab, from the CLI) change the collection behind the
  // cache's back: show what is cached at once, and what the server holds right after.
  const query = useQuery({ query: ArtistsQuery, variables, requestPolicy: 'cache-and-network' })
  const genres = useQuery({ query: GenresQuery, requestPolicy: 'cache-and-network' })

  // A new filter starts a new list; a new cursor appends a page to it.
  watch([search, genre], () => {
    after.value = null
    pages.value = []
  })
  watch(query.data, (data) => {
    if (!data) return
    const page = data.artists.edges.map((edge) => edge.node)
    pages.value = after.value ? [...pages.value, page] : [page]
  })

  return {
    artists: computed(() => pages.value.flat()),
    totalCount: computed(() => query.data.value?.artists.totalCount ?? null),
    hasMore: computed(() => query.data.value?.artists.pageInfo.hasNextPage ?? false),
    genres: computed(() => genres.data.value?.genres ?? []),
    fetching: query.fetching,
    error: query.error,
    refresh() {
      after.value = null
      query.executeQuery({ requestPolicy: 'network-only' })
      genres.executeQuery({ requestPolicy: 'network-only' })
    },
    loadMore() {
      const cursor = query.data.value?.artists.pageInfo.endCursor
      if (cursor) after.value = cursor
    },
  }
}
