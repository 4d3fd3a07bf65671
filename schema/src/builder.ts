import SchemaBuilder from '@pothos/core'
import DataloaderPlugin from '@pothos/plugin-dataloader'
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

builder.scalarType('DateTime', {
  description: 'An instant, as an ISO 8601 string in UTC.',
  serialize: (value) => new Date(value).toISOString(),
  parseValue: (value) => {
    const date = new Date(String(value))
    if (Number.isNaN(date.getTime())) throw new TypeError('DateTime must be an ISO 8601 string')
    return date
  },
})

builder.queryType({})
