import { describe, expect, it } from 'vitest'
import { useModelServer } from './tserver.ts'
import { tsubscribe, type Event } from './tsubscribe.ts'

/**
 * A portrait checked against the collection, through the real server and the fake model: live,
 * block by block, on a resume, and on the saved article, against the collection as it is now.
 */

const { model, server } = useModelServer({ RATE_LIMIT_GENERATIONS: '1000', GENERATION_LINGER_MS: '2000' })

const portrait = [
  '# Björk\n\n',
  'Björk is an Icelandic singer who left the Sugarcubes for a career of her own.\n\n',
  '## Albums\n\n',
  'Her second album, *Post* (1994), mixed big band and electronics. ',
  'It was remastered in 2005 and toured widely in the 1990s.\n\n',
  '*Homogenic* followed in 1997, with strings and beats.\n\n',
  'In 2001 came *Vespertine*, quiet and intimate.\n',
].join('')
const pieces = portrait.match(/\S+\s*/g)!

const checksQuery = `subscription ($artistId: ID!, $regenerate: Boolean, $resume: ResumeFrom) {
  generateArticle(artistId: $artistId, regenerate: $regenerate, resume: $resume) {
    __typename
    ... on ArticleMetadata { generationId }
    ... on ArticleChunk { offset delta }
    ... on ArticleFactCheck { checks { start end kind subject stated expected status } }
    ... on ArticleDone { article { id markdown factChecks { start end kind subject stated expected status } } }
    ... on ArticleError { code }
  }
}`

const checksIn = (events: Event[]) => events.filter((event) => event.__typename === 'ArticleFactCheck').flatMap((event) => event.checks as Event[])

async function bjork() {
  const { data } = await server().gql<{ artists: { edges: { node: { id: string; albums: { id: string; title: string }[] } }[] } }>(
    '{ artists(search: "björk", first: 1) { edges { node { id albums { id title } } } } }',
  )
  return data!.artists.edges[0]!.node
}

describe('facts checked against the collection', () => {
  it('marks each checkable statement live, right after its block, and the saved article carries the same checks', async () => {
    model.setDefault({ tokens: pieces, paceMs: 3 })
    const artist = await bjork()
    const events = await tsubscribe(server().url, 'distinct', { artistId: artist.id, regenerate: true }, checksQuery).done
    const done = events.at(-1)!
    expect(done.__typename).toBe('ArticleDone')
    const markdown = done.article.markdown as string
    expect(markdown).toBe(portrait)
    const live = checksIn(events)
    expect(live).toEqual(done.article.factChecks)
    // Each check names the words it is about.
    for (const check of live) expect(markdown.slice(check.start, check.end)).toBe(check.stated)
    expect(live).toContainEqual(expect.objectContaining({ kind: 'ALBUM_YEAR', subject: 'Post', stated: '1994', expected: '1995', status: 'CONTRADICTED' }))
    expect(live).toContainEqual(expect.objectContaining({ kind: 'ALBUM_YEAR', subject: 'Homogenic', stated: '1997', status: 'CONFIRMED' }))
    expect(live).toContainEqual(expect.objectContaining({ kind: 'COUNTRY', stated: 'Icelandic', status: 'CONFIRMED' }))
    // Remaster years and decades are not album years.
    expect(live.filter((check) => ['2005', '1990s'].includes(check.stated))).toEqual([])
    // A block's checks come after its last chunk, and before the next block's first.
    const postCheck = events.findIndex((event) => event.__typename === 'ArticleFactCheck' && event.checks.some((check: Event) => check.stated === '1994'))
    const textBefore = events.slice(0, postCheck).filter((event) => event.__typename === 'ArticleChunk').map((event) => event.delta).join('')
    expect(textBefore).toContain('in the 1990s.')
    expect(textBefore).not.toContain('Homogenic')
  })

  it('sends a resumed reader the checks of the blocks that end after its offset', async () => {
    model.setDefault({ tokens: pieces, paceMs: 25 })
    const artist = await bjork()
    const first = tsubscribe(server().url, 'single', { artistId: artist.id, regenerate: true }, checksQuery)
    const [metadata] = await first.received(2)
    const generationId = metadata!.generationId as string
    const offset = portrait.indexOf('*Homogenic*')
    await first.received(pieces.findIndex((_, i) => pieces.slice(0, i).join('').length > offset) + 4)
    const resumed = await tsubscribe(server().url, 'distinct', { artistId: artist.id, resume: { generationId, offset } }, checksQuery).done
    const all = checksIn(await first.done)
    expect(checksIn(resumed)).toEqual(all.filter((check) => check.start >= offset))
  })

  it('checks a saved portrait against the collection as it is now: a corrected year re-checks it', async () => {
    model.setDefault({ tokens: pieces, paceMs: 1 })
    const artist = await bjork()
    const events = await tsubscribe(server().url, 'distinct', { artistId: artist.id, regenerate: true }, checksQuery).done
    const id = events.at(-1)!.article.id as string
    const post = artist.albums.find((album) => album.title === 'Post')!
    const statusOf = async () => {
      const { data } = await server().gql<{ article: { factChecks: { stated: string; status: string }[] } }>(`{ article(id: "${id}") { factChecks { stated status } } }`)
      return data!.article.factChecks.find((check) => check.stated === '1994')?.status
    }
    expect(await statusOf()).toBe('CONTRADICTED')
    const edit = await server().gql(`mutation { updateAlbum(id: "${post.id}", input: { year: 1994 }) { year } }`)
    expect(edit.errors).toBeUndefined()
    expect(await statusOf()).toBe('CONFIRMED')
    await server().gql(`mutation { updateAlbum(id: "${post.id}", input: { year: 1995 }) { year } }`)
  })
})
