import { builder } from './builder.ts'
import { AlbumRef } from './album.ts'
import { ArticleRef } from './article.ts'
import type { Artist } from './services.ts'
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

const ArtistEdge = builder.objectRef<Artist>('ArtistEdge').implement({
  fields: (t) => ({
    cursor: t.string({ resolve: encodeCursor }),
    node: t.field({ type: ArtistRef, resolve: (artist) => artist }),
  }),
})

const ArtistConnection = builder
  .objectRef<{ edges: Artist[]; pageInfo: typeof PageInfo.$inferType; totalCount: number }>('ArtistConnection')
  .implement({
    fields: (t) => ({
      edges: t.field({ type: [ArtistEdge], resolve: (page) => page.edges }),
      pageInfo: t.field({ type: PageInfo, resolve: (page) => page.pageInfo }),
      totalCount: t.exposeInt('totalCount', { description: 'Artists matching the filters, over all pages.' }),
    }),
  })

builder.queryFields((t) => ({
  artists: t.field({
    type: ArtistConnection,
    description: 'Artists in sort-name order, filtered and paginated (Relay connection, forward only).',
    args: {
      search: t.arg.string({ description: 'Matches name or sort name, ignoring case and accents.' }),
      genre: t.arg.string(),
      first: t.arg.int({ description: 'Page size, 1 to 100.', defaultValue: 20 }),
      after: t.arg.string({ description: 'The `endCursor` of the previous page.' }),
    },
    resolve: async (_root, args, ctx) => {
      const first = pageSize(args.first, 20, 100)
      const after = args.after ? decodeCursor(args.after) : null
      const page = await ctx.collection.listArtists({ search: args.search, genre: args.genre, first, after })
      const head = page.artists[0]
      const last = page.artists.at(-1)
      return {
        edges: page.artists,
        totalCount: page.totalCount,
        pageInfo: {
          hasNextPage: page.hasNextPage,
          hasPreviousPage: after !== null,
          startCursor: head ? encodeCursor(head) : null,
          endCursor: last ? encodeCursor(last) : null,
        },
      }
    },
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
