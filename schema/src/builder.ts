import SchemaBuilder from '@pothos/core'
import DataloaderPlugin from '@pothos/plugin-dataloader'
import { DateTimeResolver } from 'graphql-scalars'
import type { Context } from './services.ts'

export const builder = new SchemaBuilder<{
  Context: Context
  // Fields are non-null unless they say otherwise, so clients get precise types.
  DefaultFieldNullability: false
  Scalars: {
    DateTime: { Input: Date; Output: Date | string }
  }
}>({
  plugins: [DataloaderPlugin],
  defaultFieldNullability: false,
})

builder.addScalarType('DateTime', DateTimeResolver)

builder.queryType({})
