import { writeFileSync } from 'node:fs'
import { lexicographicSortSchema, printSchema } from 'graphql'
import { schema } from './index.ts'

/** The contract as SDL, committed so reviewers and codegen see every change to it. */
export const printedSchema = () => `${printSchema(lexicographicSortSchema(schema))}\n`

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../schema.graphql', import.meta.url), printedSchema())
}
