import type { Client } from '@urql/core'
import { effectScope, type EffectScope } from 'vue'
import { createArticleStream, type ArticleStream } from '../composables/useArticleStream.ts'

const streams = new Map<string, { stream: ArticleStream; scope: EffectScope }>()

/**
 * The article stream of an artist, for as long as the app is open: a page that shows it may come
 * and go (Back, another artist, the import page) while the portrait keeps being written and
 * followed, and coming back shows it where it is. One per artist, so two views of one artist in
 * this tab can never disagree.
 */
export function articleStreamOf(client: Client, artistId: string): ArticleStream {
  let entry = streams.get(artistId)
  if (!entry) {
    // Detached: no component's unmount may stop it.
    const scope = effectScope(true)
    entry = { stream: scope.run(() => createArticleStream({ client, artistId }))!, scope }
    streams.set(artistId, entry)
  }
  return entry.stream
}

/** Stops and forgets an artist's stream (the artist was deleted), or every stream. */
export function forgetStream(artistId?: string) {
  for (const [id, { scope }] of streams) {
    if (artistId !== undefined && id !== artistId) continue
    scope.stop()
    streams.delete(id)
  }
}
