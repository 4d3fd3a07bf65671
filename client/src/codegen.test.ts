import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { generate } from '@graphql-codegen/cli'
import { describe, expect, it } from 'vitest'
import config from '../../codegen.ts'

const root = resolve(import.meta.dirname, '../..')

describe('client/src/gql', () => {
  it('is what codegen makes of schema.graphql and the documents (run `npm run codegen`)', async () => {
    const files = (await generate({ ...config, cwd: root, silent: true }, false)) as { filename: string; content: string }[]
    expect(files.length).toBeGreaterThan(0)
    for (const { filename, content } of files) {
      expect(readFileSync(resolve(root, filename), 'utf8'), filename).toBe(content)
    }
  })
})
