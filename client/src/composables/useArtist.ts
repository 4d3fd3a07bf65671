import { useQuery } from '@urql/vue'
import { computed, toValue, type MaybeRefOrGetter } from 'vue'
import { graphql } from '../gql/gql.ts'

const ArtistQuery = graphql(`
  query Artist($id: ID!, $language: String!) {
    artist(id: $id) {
      id
      name
      country
      genres
      formedYear
      endedYear
      bio
      links {
        label
        url
      }
      albums {
        id
        title
        year
        label
        format
      }
      article(language: $language) {
        id
        markdown
        model
      }
    }
  }
`)

/** One artist with albums; `artist` is null once loaded when the id is unknown. */
export function useArtist(id: MaybeRefOrGetter<string>, language: MaybeRefOrGetter<string>) {
  const query = useQuery({ query: ArtistQuery, variables: computed(() => ({ id: toValue(id), language: toValue(language) })) })
  return {
    artist: computed(() => query.data.value?.artist ?? null),
    fetching: query.fetching,
    error: query.error,
  }
}
