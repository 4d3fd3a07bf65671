import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { printedSchema } from './print.ts'

describe('schema.graphql', () => {
  it('matches the schema built from the code (run `npm run codegen` after changing it)', () => {
    const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8')
    expect(committed).toBe(printedSchema())
  })

  it('makes fields non-null unless they say otherwise', () => {
    expect(printedSchema()).toMatch(/name: String!\n/)
    expect(printedSchema()).toMatch(/bio: String\n/)
  })
})
