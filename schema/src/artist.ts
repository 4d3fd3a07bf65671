import { GraphQLError } from 'graphql'
import { builder } from './builder.ts'
import { AlbumFormat, AlbumRef } from './album.ts'
import { ArticleRef } from './article.ts'
import type { Artist, ArtistCounts, ArtistFilter, ArtistOrder } from './services.ts'
import { decodeCursor, encodeCursor, isId, pageSize } from './utils.ts'

interface Link {
  label: string
  url: string
}

const LinkRef = builder.objectRef<Link>('Link').implement({
  fields: (t) => ({ label: t.exposeString('label'), url: t.exposeString('url') }),
})

export const ArtistRef = builder.objectRef<Artist>('Artist').implement({
  description: 'A musician or group in the collection.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    sortName: t.exposeString('sortName', { description: 'The name as filed: "Beatles, The".' }),
    country: t.exposeString('country', { nullable: true, description: 'ISO 3166-1 alpha-2 code.' }),
    genres: t.exposeStringList('genres'),
    formedYear: t.exposeInt('formedYear', { nullable: true, description: 'Year formed, or career start.' }),
    endedYear: t.exposeInt('endedYear', { nullable: true, description: 'Year disbanded, or of death.' }),
    bio: t.exposeString('bio', { nullable: true }),
    links: t.field({ type: [LinkRef], resolve: (artist) => artist.links as unknown as Link[] }),
    albumCount: t.loadable({
      type: 'Int',
      description: 'How many albums of this artist the collection holds.',
      load: (ids: string[], ctx) => ctx.collection.albumCounts(ids),
      resolve: (artist) => artist.id,
    }),
    latestAlbum: t.loadable({
      type: AlbumRef,
      nullable: true,
      description: 'The newest album in the collection (by year, then title), if any.',
      load: async (ids: string[], ctx) => (await ctx.collection.albumsOf(ids)).map((albums) => albums.at(-1) ?? null),
      resolve: (artist) => artist.id,
    }),
    albums: t.loadableList({
      type: AlbumRef,
      description: 'Albums in the collection, oldest first.',
      load: (ids: string[], ctx) => ctx.collection.albumsOf(ids),
      resolve: (artist) => artist.id,
    }),
    article: t.loadable({
      type: ArticleRef,
      nullable: true,
      description: 'The latest complete portrait in this language, if one was written.',
      args: { language: t.arg.string({ defaultValue: 'en' }) },
      load: (keys: string[], ctx) =>
        ctx.collection.latestArticles(keys.map((key) => JSON.parse(key) as { artistId: string; language: string })),
      resolve: (artist, { language }) => JSON.stringify({ artistId: artist.id, language }),
    }),
    portraits: t.loadableList({
      type: ArticleRef,
      description: 'Every portrait of this artist, newest first, in every language and status: WRITING while one is being written.',
      load: (ids: string[], ctx) => ctx.collection.portraitsOf(ids),
      resolve: (artist) => artist.id,
    }),
  }),
})

const PageInfo = builder
  .objectRef<{ hasNextPage: boolean; endCursor: string | null; startCursor: string | null; hasPreviousPage: boolean }>(
    'PageInfo',
  )
  .implement({
    fields: (t) => ({
      hasNextPage: t.exposeBoolean('hasNextPage'),
      hasPreviousPage: t.exposeBoolean('hasPreviousPage'),
      startCursor: t.exposeString('startCursor', { nullable: true }),
      endCursor: t.exposeString('endCursor', { nullable: true }),
    }),
  })

const ArtistEdge = builder.objectRef<{ artist: Artist; cursor: string }>('ArtistEdge').implement({
  fields: (t) => ({
    cursor: t.exposeString('cursor'),
    node: t.field({ type: ArtistRef, resolve: (edge) => edge.artist }),
  }),
})

const ArtistOrderEnum = builder.enumType('ArtistOrder', {
  description: 'How the collection list is ordered.',
  values: {
    NAME: { description: 'By sort name, A to Z.' },
    RECENT: { description: 'Most recently added first.' },
    ALBUMS: { description: 'Most albums first, then by sort name.' },
  } as const,
})

const LetterCount = builder.objectRef<{ letter: string; count: number }>('LetterCount').implement({
  description: 'Matching artists whose sort name starts with a letter ("#": anything but A to Z).',
  fields: (t) => ({ letter: t.exposeString('letter'), count: t.exposeInt('count') }),
})

interface Connection {
  edges: { artist: Artist; cursor: string }[]
  pageInfo: typeof PageInfo.$inferType
  filter: ArtistFilter
}

/** Counts are read once per filter and cached by the service; a page that does not ask for them costs nothing. */
const counts = (page: Connection, ctx: { collection: { artistCounts(filter: ArtistFilter): Promise<ArtistCounts> } }) => ctx.collection.artistCounts(page.filter)

const ArtistConnection = builder.objectRef<Connection>('ArtistConnection').implement({
  fields: (t) => ({
    edges: t.field({ type: [ArtistEdge], resolve: (page) => page.edges }),
    pageInfo: t.field({ type: PageInfo, resolve: (page) => page.pageInfo }),
    totalCount: t.int({ description: 'Artists matching the filters, over all pages.', resolve: async (page, _args, ctx) => (await counts(page, ctx)).artists }),
    albumCount: t.int({
      description: 'Albums of the matching artists, over all pages (only those in `format` when it is given).',
      resolve: async (page, _args, ctx) => (await counts(page, ctx)).albums,
    }),
    letters: t.field({
      type: [LetterCount],
      description: 'Matching artists per initial of their sort name, in order: the A–Z index of the list.',
      resolve: async (page, _args, ctx) => (await counts(page, ctx)).letters,
    }),
  }),
})

builder.objectField(AlbumRef, 'artist', (t) =>
  t.field({
    type: ArtistRef,
    resolve: async (album, _args, ctx) => (await ctx.collection.artist(album.artistId))!,
  }),
)

builder.queryFields((t) => ({
  artists: t.field({
    type: ArtistConnection,
    description: 'Artists in the order asked (sort name by default), filtered and paginated (Relay connection, forward only).',
    args: {
      search: t.arg.string({ description: 'Matches name, sort name or an album title, ignoring case and accents.' }),
      genre: t.arg.string(),
      format: t.arg({ type: AlbumFormat, description: 'Only artists holding an album in this format.' }),
      portrait: t.arg.boolean({ description: 'true: only artists with a finished portrait; false: only those without.' }),
      order: t.arg({ type: ArtistOrderEnum, defaultValue: 'NAME' }),
      startsAt: t.arg.string({ description: 'NAME order only: start at the first artist whose sort name starts at or after these letters ("S").' }),
      first: t.arg.int({ description: 'Page size, 1 to 100.', defaultValue: 20 }),
      after: t.arg.string({ description: 'The `endCursor` of the previous page.' }),
    },
    resolve: async (_root, args, ctx) => {
      const first = pageSize(args.first, 20, 100)
      const order: ArtistOrder = args.order ?? 'NAME'
      const after = args.after ? decodeCursor(args.after) : null
      if (after && (after.order ?? 'NAME') !== order) {
        throw new GraphQLError('This cursor belongs to another order: start again without `after`.', { extensions: { code: 'BAD_CURSOR' } })
      }
      const filter: ArtistFilter = { search: args.search, genre: args.genre, format: args.format, portrait: args.portrait }
      const page = await ctx.collection.listArtists({ ...filter, order, startsAt: args.startsAt, first, after })
      const offset = after?.order === 'ALBUMS' ? after.offset : 0
      const edges = page.artists.map((artist, index) => ({
        artist,
        cursor: encodeCursor(
          order === 'RECENT' ? { order, createdAt: artist.createdAt, id: artist.id }
          : order === 'ALBUMS' ? { order, offset: offset + index + 1 }
          : { order, sortKey: artist.sortKey, id: artist.id },
        ),
      }))
      return {
        edges,
        filter,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          hasPreviousPage: after !== null,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      }
    },
  }),
  album: t.field({
    type: AlbumRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => (isId(String(id)) ? ctx.collection.album(String(id)) : null),
  }),
  artist: t.field({
    type: ArtistRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => (isId(String(id)) ? ctx.collection.artist(String(id)) : null),
  }),
  genres: t.stringList({
    description: 'Every genre in the collection, alphabetically.',
    resolve: (_root, _args, ctx) => ctx.collection.genres(),
  }),
}))
