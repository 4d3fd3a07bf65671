import { describe, expect, it } from 'vitest'
import { useTestServer } from './tserver.ts'
import { type Event, tsubscribe } from './tsubscribe.ts'

const token = 'edit-albums-token-0123456789'
const auth = { authorization: `Bearer ${token}` }
const server = useTestServer({ API_TOKENS: token }, { empty: true })

const jobFields = 'id status albumsAdded albumsUpdated problemCount error { code message }'
const progress = `subscription Progress($id: ID!) { importProgress(id: $id) { ${jobFields} } }`

async function gql<T = Record<string, Event>>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = auth) {
  const response = await fetch(`${server().url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  })
  return (await response.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string; field?: string } }[] }
}

/** Imports a collection document, as `importFile` reads an export, and waits for its report. */
async function importDocument(document: object) {
  const body = new FormData()
  body.set('operations', JSON.stringify({ query: `mutation ($file: File!) { importFile(file: $file) { ${jobFields} } }`, variables: { file: null } }))
  body.set('map', JSON.stringify({ 0: ['variables.file'] }))
  body.set('0', new Blob([JSON.stringify(document)], { type: 'application/json' }), 'collection.json')
  const response = await fetch(`${server().url}/graphql`, { method: 'POST', headers: { ...auth, 'graphql-require-preflight': '1' }, body })
  const started = (await response.json()) as { data: { importFile: { id: string } } }
  const events = await tsubscribe(server().url, 'distinct', { id: started.data.importFile.id }, progress, auth).done
  return events.at(-1)!
}

const albumsOf = async (id: string) =>
  (await gql<{ artist: { albums: { id: string; title: string; year: number | null; label: string | null; format: string }[] } }>('query ($id: ID!) { artist(id: $id) { albums { id title year label format } } }', { id })).data!.artist.albums

describe('albums edited by hand', () => {
  it('are added, changed and deleted under the API’s rules, and an import of the same album never undoes an edit', async () => {
    const created = await gql('mutation { createArtist(input: { name: "Björk", country: "IS" }) { id } }')
    const artistId = created.data!.createArtist!.id as string
    const exported = JSON.parse((await gql<{ exportCollection: string }>('{ exportCollection }')).data!.exportCollection)
    // What a tagged folder or an old export says about the album: a wrong year, a wrong format.
    const source = {
      ...exported,
      artists: [{ name: 'Björk', country: 'IS', genres: [], albums: [{ title: 'Homogenic', year: 1996, label: 'One Little Indian', format: 'DIGITAL' }] }],
    }
    expect(await importDocument(source)).toMatchObject({ status: 'COMPLETE', albumsAdded: 1 })
    const [imported] = await albumsOf(artistId)
    expect(imported).toMatchObject({ title: 'Homogenic', year: 1996, format: 'DIGITAL' })

    // Fixed by hand.
    const fixed = await gql('mutation ($id: ID!) { updateAlbum(id: $id, input: { year: 1997, format: VINYL, label: "One Little Indian / Polydor" }) { id year label format } }', { id: imported!.id })
    expect(fixed.data!.updateAlbum).toMatchObject({ year: 1997, format: 'VINYL', label: 'One Little Indian / Polydor' })
    // A title the artist already has, in any case and accents, is refused with a typed error; nothing changes.
    const added = await gql('mutation ($id: ID!) { addAlbum(artistId: $id, input: { title: "Post", year: 1995 }) { id } }', { id: artistId })
    const postId = added.data!.addAlbum!.id as string
    const clash = await gql('mutation ($id: ID!) { updateAlbum(id: $id, input: { title: "homogénic" }) { id } }', { id: postId })
    expect(clash.errors?.[0]?.extensions?.code).toBe('ALBUM_EXISTS')
    const twice = await gql('mutation ($id: ID!) { addAlbum(artistId: $id, input: { title: "HOMOGENIC" }) { id } }', { id: artistId })
    expect(twice.errors?.[0]?.extensions?.code).toBe('ALBUM_EXISTS')
    const badYear = await gql('mutation ($id: ID!) { updateAlbum(id: $id, input: { year: 97 }) { id } }', { id: postId })
    expect(badYear.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'year' })
    // Writes need the token.
    const anonymous = await gql('mutation ($id: ID!) { deleteAlbum(id: $id) }', { id: postId }, {})
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED')

    // The same album imported again: the edit stays, and no second copy appears.
    const again = await importDocument(source)
    expect(again).toMatchObject({ status: 'COMPLETE', albumsAdded: 0 })
    expect(await albumsOf(artistId)).toEqual([
      { id: postId, title: 'Post', year: 1995, label: null, format: 'VINYL' },
      { id: imported!.id, title: 'Homogenic', year: 1997, label: 'One Little Indian / Polydor', format: 'VINYL' },
    ])

    expect((await gql('mutation ($id: ID!) { deleteAlbum(id: $id) }', { id: postId })).data).toEqual({ deleteAlbum: true })
    expect((await gql('mutation ($id: ID!) { deleteAlbum(id: $id) }', { id: postId })).data).toEqual({ deleteAlbum: false })
    expect((await albumsOf(artistId)).map((album) => album.title)).toEqual(['Homogenic'])
  })

  it('stay as the collector left them when the same source is imported again: a title renamed, a year or label cleared', async () => {
    const created = await gql('mutation { createArtist(input: { name: "Portishead", country: "GB" }) { id } }')
    const artistId = created.data!.createArtist!.id as string
    const exported = JSON.parse((await gql<{ exportCollection: string }>('{ exportCollection }')).data!.exportCollection)
    // The tags of a folder ripped long ago: a title with the pressing in it, a year and label the collector doubts.
    const source = {
      ...exported,
      artists: [{ name: 'Portishead', country: 'GB', genres: [], albums: [{ title: 'Dummy (Go! Beat pressing)', year: 1995, label: 'Go! Beat', format: 'CD' }] }],
    }
    expect(await importDocument(source)).toMatchObject({ status: 'COMPLETE', albumsAdded: 1 })
    const [imported] = await albumsOf(artistId)
    const edited = await gql('mutation ($id: ID!) { updateAlbum(id: $id, input: { title: "Dummy", year: null, label: null }) { id title year label } }', { id: imported!.id })
    expect(edited.data!.updateAlbum).toMatchObject({ title: 'Dummy', year: null, label: null })

    const again = await importDocument(source)
    expect(again).toMatchObject({ status: 'COMPLETE', albumsAdded: 0, albumsUpdated: 0 })
    expect(await albumsOf(artistId)).toEqual([{ id: imported!.id, title: 'Dummy', year: null, label: null, format: 'CD' }])
    // Search knows the album by the name the collector gave it, not the one the import still says.
    const search = async (text: string) =>
      (await gql<{ artists: { edges: { node: { id: string } }[] } }>('query ($text: String) { artists(search: $text) { edges { node { id } } } }', { text })).data!.artists.edges.length
    expect([await search('dummy'), await search('pressing')]).toEqual([1, 0])
  })
})
