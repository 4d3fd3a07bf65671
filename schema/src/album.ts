import { builder } from './builder.ts'
import type { Album } from './services.ts'

export const AlbumFormat = builder.enumType('AlbumFormat', {
  description: 'The medium this album is held on in the collection.',
  values: ['VINYL', 'CD', 'CASSETTE', 'DIGITAL'] as const,
})

export const AlbumRef = builder.objectRef<Album>('Album').implement({
  description: 'An album by an artist, as held in the collection.',
  fields: (t) => ({
    id: t.exposeID('id'),
    title: t.exposeString('title'),
    year: t.exposeInt('year', { nullable: true }),
    label: t.exposeString('label', { nullable: true }),
    format: t.field({ type: AlbumFormat, resolve: (album) => album.format }),
  }),
})
