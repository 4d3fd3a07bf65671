import { useQuery } from '@urql/vue'
import { useIntervalFn } from '@vueuse/core'
import { computed, toValue, watch, type MaybeRefOrGetter } from 'vue'
import { graphql } from '../gql/gql.ts'

const ArtistQuery = graphql(`
  query Artist($id: ID!) {
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
      portraits {
        ...PortraitFields
        generation {
          id
          writtenWords
          targetWords
        }
      }
    }
  }
`)

/** While a portrait is being written somewhere else, how often its progress is read again. */
const writingRefreshMs = 2000

/**
 * One artist with albums and every portrait of it; `artist` is null once loaded when the id is
 * unknown. While one of its portraits is being written, the list is read again every few seconds,
 * so its progress moves and its end shows, wherever it is written.
 */
export function useArtist(id: MaybeRefOrGetter<string>) {
  const query = useQuery({ query: ArtistQuery, variables: computed(() => ({ id: toValue(id) })), requestPolicy: 'cache-and-network' })
  const artist = computed(() => query.data.value?.artist ?? null)
  const writing = computed(() => artist.value?.portraits.some((portrait) => portrait.status === 'WRITING') ?? false)
  const refresh = () => query.executeQuery({ requestPolicy: 'network-only' })
  const ticker = useIntervalFn(refresh, writingRefreshMs, { immediate: false })
  watch(writing, (on) => (on ? ticker.resume() : ticker.pause()), { immediate: true })
  return {
    artist,
    portraits: computed(() => artist.value?.portraits ?? []),
    fetching: query.fetching,
    error: query.error,
    refresh,
  }
}
