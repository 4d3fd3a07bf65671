import { useQuery } from '@urql/vue'
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import { graphql } from '../gql/gql.ts'

const AlbumQuery = graphql(`
  query Album($id: ID!) {
    album(id: $id) {
      id
      title
      year
      label
      format
      cover {
        url(size: 256)
        url2x: url(size: 512)
      }
      artist {
        id
        name
        genres
        albumCount
      }
    }
  }
`)

/** One album with its artist, as the album page shows it; null once the server says no such album. */
export function useAlbum(id: MaybeRefOrGetter<string>) {
  const query = useQuery({ query: AlbumQuery, variables: computed(() => ({ id: toValue(id) })) })
  return {
    album: computed(() => query.data.value?.album ?? null),
    missing: computed(() => !query.fetching.value && !query.error.value && query.data.value !== undefined && !query.data.value.album),
    fetching: query.fetching,
    error: query.error,
  }
}
