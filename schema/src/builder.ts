import SchemaBuilder from '@pothos/core'
import DataloaderPlugin from '@pothos/plugin-dataloader'
import { GraphQLError } from 'graphql'
import { DateTimeResolver } from 'graphql-scalars'
import type { Context } from './services.ts'

export const builder = new SchemaBuilder<{
  Context: Context
  // Fields are non-null unless they say otherwise, so clients get precise types.
  DefaultFieldNullability: false
  Scalars: {
    DateTime: { Input: Date; Output: Date | string }
    File: { Input: File; Output: never }
  }
}>({
  plugins: [DataloaderPlugin],
  defaultFieldNullability: false,
})

builder.addScalarType('DateTime', DateTimeResolver)

// Files arrive in GraphQL multipart requests, which yoga parses into web `File` objects.
builder.scalarType('File', {
  description: 'A file sent in a GraphQL multipart request (https://github.com/jaydenseric/graphql-multipart-request-spec).',
  serialize: () => {
    throw new Error('File is an input type.')
  },
  parseValue: (value) => {
    // Duck-typed: the server adapter may hand over its own File class rather than the global one.
    const file = value as File | null
    if (file && typeof file === 'object' && typeof file.name === 'string' && typeof file.text === 'function') return file
    throw new GraphQLError('Expected a file sent as a multipart request part.', { extensions: { code: 'BAD_USER_INPUT' } })
  },
})

builder.queryType({})
