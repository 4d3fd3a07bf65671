import { describe, expect, it } from 'vitest'
import { useTestServer } from './tserver.ts'

const server = useTestServer({ MAX_QUERY_DEPTH: '4', MAX_QUERY_COST: '45', MAX_ALIASES: '3' })

describe('query limits', () => {
  it('accepts a query within every limit', async () => {
    const { data, errors } = await server().gql('{ artists(first: 2) { edges { node { name } } } }')
    expect(errors).toBeUndefined()
    expect(data).toBeDefined()
  })

  it('rejects a query deeper than MAX_QUERY_DEPTH before running it', async () => {
    const result = await server().gql('{ artists { edges { node { albums { id } } } } }')
    expect(result.data).toBeUndefined()
    expect(result.errors?.[0]?.message).toMatch(/depth/i)
  })

  it('rejects a query costlier than MAX_QUERY_COST before running it', async () => {
    const fields = 'id name sortName country genres formedYear endedYear bio'
    const result = await server().gql(
      `{ artists { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${fields} } } } genres }`,
    )
    expect(result.data).toBeUndefined()
    expect(result.errors?.[0]?.message).toMatch(/cost/i)
  })

  it('rejects more aliases than MAX_ALIASES before running it', async () => {
    const result = await server().gql('{ a: genres b: genres c: genres d: genres }')
    expect(result.data).toBeUndefined()
    expect(result.errors?.[0]?.message).toMatch(/aliases/i)
  })

  it('keeps introspection open for GraphiQL and third-party clients', async () => {
    const { data, errors } = await server().gql('{ __schema { queryType { name } types { name fields { name type { name ofType { name } } } } } }')
    expect(errors).toBeUndefined()
    expect(data).toMatchObject({ __schema: { queryType: { name: 'Query' } } })
  })
})
