import { AlbumRef } from './album.ts'
import { ArtistRef } from './artist.ts'
import { builder } from './builder.ts'
import type { Album } from './services.ts'

/** The sizes GET /covers/:hash serves (server/src/covers/serve.ts): a size asked is rounded up to one. */
const SIZES = [128, 256, 512]

/** Album art held in the collection, named by the SHA-256 of its bytes. */
export const CoverRef = builder.objectRef<{ hash: string }>('Cover').implement({
  description: 'Album art, imported from a music folder (a cover file beside the tracks, else a picture embedded in them) or a Portrait export.',
  fields: (t) => ({
    hash: t.exposeString('hash', { description: 'SHA-256 of the image as imported: the same art is held once.' }),
    url: t.string({
      description: 'Where to GET the image, resized to a square WebP: 128, 256 or 512 pixels (a size asked is rounded up to one of these). The URL names the content, so it may be cached for good.',
      args: { size: t.arg.int({ defaultValue: 256, required: true }) },
      resolve: ({ hash }, { size }) => `/covers/${hash}?size=${SIZES.find((s) => s >= size) ?? SIZES.at(-1)!}`,
    }),
  }),
})

/** The cover most of an artist's albums share, the newest album's among equals; null when none has one. */
export function artistCover(albums: readonly Album[]): { hash: string } | null {
  const counts = new Map<string, number>()
  let best: string | null = null
  // Albums come oldest first: a later one wins a tie.
  for (const { coverHash } of albums) {
    if (!coverHash) continue
    const count = (counts.get(coverHash) ?? 0) + 1
    counts.set(coverHash, count)
    if (!best || count >= counts.get(best)!) best = coverHash
  }
  return best ? { hash: best } : null
}

builder.objectField(AlbumRef, 'cover', (t) =>
  t.field({
    type: CoverRef,
    nullable: true,
    description: 'The album’s art, if an import found some.',
    resolve: (album) => (album.coverHash ? { hash: album.coverHash } : null),
  }),
)

builder.objectField(ArtistRef, 'cover', (t) =>
  t.loadable({
    type: CoverRef,
    nullable: true,
    description: 'A picture for the artist: the cover most of their albums share, else the newest album’s; null when no album has art.',
    load: async (ids: string[], ctx) => (await ctx.collection.albumsOf(ids)).map(artistCover),
    resolve: (artist) => artist.id,
  }),
)
