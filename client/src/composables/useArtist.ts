import { useQuery } from '@urql/vue'
import { useDocumentVisibility, useIntervalFn } from '@vueuse/core'
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
      cover {
        url(size: 256)
        url2x: url(size: 512)
      }
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
        cover {
          url(size: 128)
        }
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
/** Otherwise, how often the page looks for one begun elsewhere (another tab, another reader). */
const idleRefreshMs = 10_000

/**
 * One artist with albums and every portrait of it; `artist` is null once loaded when the id is
 * unknown. The list is read again while the page is in view: every few seconds while one of its
 * portraits is being written (its progress moves, its end shows, wherever it is written), and now
 * and then otherwise, to find one begun in another tab or by another reader.
 */
export function useArtist(id: MaybeRefOrGetter<string>) {
  const query = useQuery({ query: ArtistQuery, variables: computed(() => ({ id: toValue(id) })), requestPolicy: 'cache-and-network' })
  const artist = computed(() => query.data.value?.artist ?? null)
  const writing = computed(() => artist.value?.portraits.some((portrait) => portrait.status === 'WRITING') ?? false)
  const refresh = () => query.executeQuery({ requestPolicy: 'network-only' })
  const ticker = useIntervalFn(refresh, computed(() => (writing.value ? writingRefreshMs : idleRefreshMs)))
  // A hidden tab reads nothing; coming back into view, it reads at once what it missed.
  const visibility = useDocumentVisibility()
  watch(visibility, (now, before) => {
    if (now === 'hidden') return ticker.pause()
    ticker.resume()
    if (before === 'hidden') refresh()
  })
  return {
    artist,
    portraits: computed(() => artist.value?.portraits ?? []),
    fetching: query.fetching,
    error: query.error,
    refresh,
  }
}
