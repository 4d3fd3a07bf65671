import { describe, expect, it } from 'vitest'
import { initialArticleState, reduceArticle, type ArticleState, type FactCheck } from './articleState.ts'
import { historyOf, panelView, type PanelInput, type Portrait } from './panelView.ts'
import { chunk, done, event, failure, metadata, run, savedArticle, started } from './tarticle.ts'

const input = (changes: Partial<PanelInput> = {}): PanelInput => ({
  state: initialArticleState,
  portraitId: null,
  selectedId: null,
  dismissed: false,
  saved: null,
  loading: false,
  language: 'fr',
  portraits: [],
  ...changes,
})
const portrait = (id: string, changes: Partial<Portrait> = {}): Portrait =>
  ({ ...savedArticle('', { id }), __typename: 'Article', generation: null, ...changes }) as unknown as Portrait
const writing = (...texts: string[]): ArticleState => run([{ type: 'start', now: 0 }, event(metadata()), ...texts.map((text, seq) => event(chunk(texts.slice(0, seq).join('').length, text, seq)))])
const check: FactCheck = { start: 0, end: 4, kind: 'ALBUM_YEAR', subject: 'Post', stated: '1994', expected: '1995', status: 'CONTRADICTED' }

describe('what the portrait panel shows', () => {
  it('says there is no portrait with the form’s options, in the form’s language', () => {
    expect(panelView(input())).toMatchObject({ kind: 'none', text: '', whole: '', language: 'fr', checks: [], current: null, elsewhere: null })
  })

  it('shows a portrait its address names once read, and says so when the server has none', () => {
    expect(panelView(input({ portraitId: 'p1', selectedId: 'p1', loading: true })).kind).toBe('loading')
    expect(panelView(input({ portraitId: 'p1', selectedId: 'p1' })).kind).toBe('unknown')
    const article = savedArticle('# Björk\n', { id: 'p1', language: 'en', factChecks: [check] })
    expect(panelView(input({ portraitId: 'p1', selectedId: 'p1', saved: article }))).toMatchObject({
      kind: 'saved',
      article,
      text: '# Björk\n',
      whole: '# Björk\n',
      language: 'en',
      checks: [check],
      startedAt: Date.parse(started),
      current: 'p1',
    })
  })

  it('shows this tab’s stream as it is written, in its own language, the display held or not', () => {
    let state = writing('one ', 'two ')
    expect(panelView(input({ state }))).toMatchObject({ kind: 'writing', phase: 'streaming', cancelling: false, text: 'one two ', language: 'en', current: 'g1' })
    state = run([{ type: 'pause' }, event(chunk(8, 'three', 2)), { type: 'cancelling' }], state)
    // Held: the screen keeps what it showed, Copy and Download give all there is.
    expect(panelView(input({ state }))).toMatchObject({ kind: 'writing', phase: 'paused', cancelling: true, text: 'one two ', whole: 'one two three' })
  })

  it('shows the stream once it ended: all of its text, then the article it saved, and why it failed', () => {
    let state = reduceArticle(writing('one ', 'two'), event(done('one two', 'TRUNCATED'), 5))
    expect(panelView(input({ state, portraitId: 'g1', selectedId: 'g1' }))).toMatchObject({ kind: 'ended', phase: 'done', truncated: true, article: null, error: null, endedAt: 5 })
    const article = savedArticle('one two', { status: 'TRUNCATED' })
    state = reduceArticle(state, { type: 'saved', article })
    expect(panelView(input({ state, portraitId: 'g1', selectedId: 'g1' }))).toMatchObject({ kind: 'ended', article, text: 'one two' })

    const failed = run([{ type: 'pause' }, event(failure('RATE_LIMITED', 3000), 7)], writing('one ', 'two'))
    expect(panelView(input({ state: failed }))).toMatchObject({ kind: 'ended', phase: 'error', text: 'one two', error: { code: 'RATE_LIMITED', retryAfterMs: 3000 }, endedAt: 7 })
  })

  it('shows the portrait the reader chose once they moved on from the stream, and the stream’s as being written elsewhere', () => {
    const ended = reduceArticle(writing('one'), event(done('one')))
    const other = savedArticle('Another portrait', { id: 'p2' })
    expect(panelView(input({ state: ended, selectedId: 'p2', dismissed: true, saved: other }))).toMatchObject({ kind: 'saved', article: other, current: 'p2', elsewhere: null })
    // Without the reader moving on, the stream they asked for stays on screen.
    expect(panelView(input({ state: ended, selectedId: 'p2', saved: other })).kind).toBe('ended')

    const running = writing('one two three')
    expect(panelView(input({ state: running, portraitId: 'p2', selectedId: 'p2', saved: other }))).toMatchObject({
      kind: 'saved',
      elsewhere: { id: 'g1', words: 3, target: 600 },
    })
  })

  it('points to a portrait being written that is not on screen, as far as the list says', () => {
    const portraits = [portrait('p3', { status: 'WRITING', wordCount: 120, generation: { id: 'p3', writtenWords: 150, targetWords: 600 } as Portrait['generation'] }), portrait('p2')]
    expect(panelView(input({ portraits })).elsewhere).toEqual({ id: 'p3', words: 150, target: 600 })
    expect(panelView(input({ portraits, portraitId: 'p3', selectedId: 'p3' })).elsewhere).toBeNull()
  })
})

describe('the history of portraits', () => {
  const listed = [portrait('p2')]

  it('lists this tab’s portrait from its first words, before the server does', () => {
    const history = historyOf(writing('one two'), listed)
    expect(history.map((entry) => [entry.id, entry.status, entry.wordCount])).toEqual([['g1', 'WRITING', 2], ['p2', 'COMPLETE', 0]])
  })

  it('counts the words this tab holds of a listed portrait being written, and leaves the list alone otherwise', () => {
    const history = historyOf(writing('one two three'), [portrait('g1', { status: 'WRITING', wordCount: 1 }), ...listed])
    expect(history.map((entry) => [entry.id, entry.wordCount, entry.generation?.writtenWords])).toEqual([['g1', 3, 3], ['p2', 0, undefined]])
    const ended = reduceArticle(writing('one'), event(done('one')))
    expect(historyOf(ended, listed)).toBe(listed)
  })
})
