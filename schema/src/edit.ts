import { GraphQLError } from 'graphql'
import { z } from 'zod'
import { AlbumFormat, AlbumRef } from './album.ts'
import { ArtistRef } from './artist.ts'
import { builder } from './builder.ts'
import type { AlbumFields, ArtistFields } from './services.ts'
import { isId, requireToken } from './utils.ts'

const year = z.number().int().min(1000, 'a year from 1000').max(2999, 'a year before 3000').nullable()

const ArtistFieldsSchema = z.object({
  name: z.string().trim().min(1, 'a name is needed').max(200),
  sortName: z.string().trim().min(1).max(200).nullable(),
  country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code such as "GB"').nullable(),
  genres: z.array(z.string().trim().toLowerCase().min(1).max(60)).max(20).transform((genres) => [...new Set(genres)]),
  formedYear: year,
  endedYear: year,
  bio: z.string().trim().max(5000).nullable().transform((bio) => bio || null),
  links: z.array(z.object({ label: z.string().trim().min(1).max(100), url: z.url({ protocol: /^https?$/ }) })).max(20),
}).partial()

const AlbumFieldsSchema = z.object({
  title: z.string().trim().min(1, 'a title is needed').max(300),
  year,
  label: z.string().trim().max(200).nullable().transform((label) => label || null),
  format: z.enum(['VINYL', 'CD', 'CASSETTE', 'DIGITAL']),
}).partial()

/** Input checked field by field; the first fault is named in a BAD_USER_INPUT error, and nothing is written. */
function valid<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(Object.fromEntries(Object.entries(input as object).filter(([, value]) => value !== undefined)))
  if (result.success) return result.data
  const issue = result.error.issues[0]!
  throw new GraphQLError(`${issue.path.join('.') || 'input'}: ${issue.message}`, {
    extensions: { code: 'BAD_USER_INPUT', field: issue.path.join('.') },
  })
}

function id(value: string | number, what: 'artist' | 'album'): string {
  const text = String(value)
  if (!isId(text)) throw new GraphQLError(`No ${what} has the id ${text}.`, { extensions: { code: `${what.toUpperCase()}_NOT_FOUND` } })
  return text
}

const LinkInput = builder.inputType('LinkInput', {
  fields: (t) => ({ label: t.string({ required: true }), url: t.string({ required: true }) }),
})

type Types = typeof builder.$inferSchemaTypes

const artistInputFields = (required: boolean) => (t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) => ({
  name: t.string({ required }),
  sortName: t.string({ description: 'As filed ("Cure, The"); derived from the name when left out.' }),
  country: t.string({ description: 'ISO 3166-1 alpha-2 code.' }),
  genres: t.stringList(),
  formedYear: t.int(),
  endedYear: t.int(),
  bio: t.string(),
  links: t.field({ type: [LinkInput] }),
})

const CreateArtistInput = builder.inputType('CreateArtistInput', { fields: artistInputFields(true) })
const UpdateArtistInput = builder.inputType('UpdateArtistInput', {
  description: 'The facts to change; fields left out stay as they are. Changed facts are never overwritten by an import.',
  fields: artistInputFields(false),
})

const AlbumInput = builder.inputType('AlbumInput', {
  fields: (t) => ({
    title: t.string(),
    year: t.int(),
    label: t.string(),
    format: t.field({ type: AlbumFormat }),
  }),
})

builder.mutationFields((t) => ({
  createArtist: t.field({
    type: ArtistRef,
    description: 'Adds an artist by hand. An artist of the same name (ignoring case, accents and a leading "The") is refused with ARTIST_EXISTS.',
    args: { input: t.arg({ type: CreateArtistInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      requireToken(ctx)
      const fields = valid(ArtistFieldsSchema.required({ name: true }), input) as ArtistFields & { name: string }
      return ctx.collection.createArtist(fields)
    },
  }),
  updateArtist: t.field({
    type: ArtistRef,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: UpdateArtistInput, required: true }) },
    resolve: (_root, args, ctx) => {
      requireToken(ctx)
      return ctx.collection.updateArtist(id(args.id, 'artist'), valid(ArtistFieldsSchema, args.input) as ArtistFields)
    },
  }),
  deleteArtist: t.boolean({
    description: 'Deletes an artist with its albums and every portrait of it. False when no artist has this id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => {
      requireToken(ctx)
      return isId(String(args.id)) ? ctx.collection.deleteArtist(String(args.id)) : false
    },
  }),
  addAlbum: t.field({
    type: AlbumRef,
    description: 'Adds an album to an artist. A title the artist already has (ignoring case and accents) is refused with ALBUM_EXISTS.',
    args: { artistId: t.arg.id({ required: true }), input: t.arg({ type: AlbumInput, required: true }) },
    resolve: (_root, args, ctx) => {
      requireToken(ctx)
      const fields = valid(AlbumFieldsSchema.required({ title: true }), args.input) as AlbumFields & { title: string }
      return ctx.collection.addAlbum(id(args.artistId, 'artist'), fields)
    },
  }),
  updateAlbum: t.field({
    type: AlbumRef,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: AlbumInput, required: true }) },
    resolve: (_root, args, ctx) => {
      requireToken(ctx)
      return ctx.collection.updateAlbum(id(args.id, 'album'), valid(AlbumFieldsSchema, args.input) as AlbumFields)
    },
  }),
  deleteAlbum: t.boolean({
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => {
      requireToken(ctx)
      return isId(String(args.id)) ? ctx.collection.deleteAlbum(String(args.id)) : false
    },
  }),
}))

builder.queryField('exportCollection', (t) =>
  t.string({
    description:
      'The whole collection in Portrait’s JSON format, as `npm run export` writes it; `importFile` reads it back. Needs the API token when the server has tokens; one per operation.',
    resolve: (_root, _args, ctx) => {
      requireToken(ctx)
      return ctx.collection.exportCollection()
    },
  }),
)
