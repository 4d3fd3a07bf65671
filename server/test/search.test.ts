import { describe, expect, it } from 'vitest'
import { useTestServer } from './tserver.ts'

const token = 'search-test-token-0123456789'
const server = useTestServer({ API_TOKENS: token }, { empty: true })

async function gql<T>(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(`${server().url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  })
  return (await response.json()) as { data?: T; errors?: { message: string }[] }
}

const names = async (search: string) =>
  (await gql<{ artists: { edges: { node: { name: string } }[] } }>('query ($s: String) { artists(first: 100, search: $s) { edges { node { name } } } }', { s: search }))
    .data!.artists.edges.map((edge) => edge.node.name)

describe('search', () => {
  it('matches %, _ and \\ as the characters they are, not as LIKE wildcards', async () => {
    for (const name of ['100% Pure Love', '1000 Pure Love', 'Under_score', 'Underscore', 'Back\\slash', 'Backslash', 'Plain']) {
      const created = await gql('mutation ($n: String!) { createArtist(input: { name: $n }) { id } }', { n: name })
      expect(created.errors, name).toBeUndefined()
    }
    expect(await names('%')).toEqual(['100% Pure Love'])
    expect(await names('0%')).toEqual(['100% Pure Love'])
    expect(await names('_')).toEqual(['Under_score'])
    expect(await names('r_s')).toEqual(['Under_score'])
    expect(await names('\\')).toEqual(['Back\\slash'])
    expect(await names('k\\s')).toEqual(['Back\\slash'])
    expect(await names('%%')).toEqual([])
    expect(await names('pure')).toEqual(['100% Pure Love', '1000 Pure Love'])
  })
})
