import { describe, expect, it } from 'vitest'
import { initialArticleState, phaseOf, reduceArticle, type ArticleAction, type ArticleState, type FactCheck, type StreamEvent } from './articleState.ts'

const started = '2026-12-01T10:00:00.000Z'
const metadata = (generationId = 'g1', startedAt = started): StreamEvent => ({
  __typename: 'ArticleMetadata',
  generationId,
  model: 'm',
  offline: false,
  fromSaved: false,
  targetWords: 600,
  startedAt,
  language: 'en',
  articleLength: 'MEDIUM',
  tone: 'NEUTRAL',
})
const chunk = (offset: number, delta: string, seq = 0, generationId = 'g1'): StreamEvent => ({ __typename: 'ArticleChunk', generationId, seq, offset, delta })
const done = (text: string, status: 'COMPLETE' | 'TRUNCATED' = 'COMPLETE'): StreamEvent => ({
  __typename: 'ArticleDone',
  generationId: 'g1',
  finishReason: status === 'TRUNCATED' ? 'length' : 'stop',
  length: text.length,
  sha256: '',
  article: { id: 'g1', wordCount: text.split(/\s+/).filter(Boolean).length, status, timings: { durationMs: null } },
})
const run = (actions: ArticleAction[], from: ArticleState = initialArticleState) => actions.reduce(reduceArticle, from)
const event = (e: StreamEvent, now = 1): ArticleAction => ({ type: 'event', event: e, now })

describe('article panel state', () => {
  it('goes idle → connecting → streaming → done, showing text as it arrives', () => {
    let state = initialArticleState
    expect(phaseOf(state)).toBe('idle')
    state = reduceArticle(state, { type: 'start', now: 0 })
    expect(phaseOf(state)).toBe('connecting')
    state = run([event(metadata()), event(chunk(0, '# Title\n')), event(chunk(8, 'Text'))], state)
    expect(phaseOf(state)).toBe('streaming')
    expect(state.text).toBe('# Title\nText')
    expect(state.shownLength).toBe(state.text.length)
    state = reduceArticle(state, event(done('# Title\nText')))
    expect(phaseOf(state)).toBe('done')
  })

  it('keeps the text it received at the end, to be checked, then ends with the saved text and its duration', () => {
    // A stream that repeated a chunk: the end must not hide it by swapping the saved text in unasked.
    let state = run([{ type: 'start', now: 0 }, event(metadata()), event(chunk(0, 'one ')), event(chunk(4, 'two '))])
    state = reduceArticle(state, event(done('one two three ')))
    expect(state.text).toBe('one two ')
    const saved = { id: 'g1', markdown: 'one two three ', status: 'COMPLETE', durationMs: 61_500 }
    // The article of another generation (a regenerate meanwhile) is not this one's.
    expect(reduceArticle(state, { type: 'saved', article: { ...saved, id: 'g2' } })).toBe(state)
    state = reduceArticle(state, { type: 'saved', article: saved })
    expect(state.text).toBe('one two three ')
    expect(state.shownLength).toBe(state.text.length)
    expect(state.endedAt! - state.startedAt!).toBe(61_500)
  })

  it('keeps the saved duration when the last event is handed over again as the stream closes', () => {
    let state = run([{ type: 'start', now: 0 }, event(metadata()), event(chunk(0, 'one two ')), event(done('one two '), 5000)])
    state = reduceArticle(state, { type: 'saved', article: { id: 'g1', markdown: 'one two ', status: 'COMPLETE', durationMs: 4_200 } })
    state = reduceArticle(state, event(done('one two '), 9000))
    expect(state.endedAt! - state.startedAt!).toBe(4_200)
    expect(state.status).toBe('done')
  })

  it('dates the generation from its own start and counts its chunks by seq, whenever this reader joined', () => {
    const joined = Date.parse(started) + 30_000
    // A reload 30 s in: the replay arrives in one burst, but the figures are the generation's.
    let state = run([{ type: 'start', now: joined }, event(metadata(), joined)])
    for (let seq = 0; seq < 1200; seq++) state = reduceArticle(state, event(chunk(seq, 'x', seq), joined + 1))
    expect(state.startedAt).toBe(Date.parse(started))
    expect(state.tokens).toBe(1200)
    expect(state.firstChunkAt).toBeNull()
    // A reader there from the start sees its first chunk arrive, and times the pace from it.
    const fresh = run([{ type: 'start', now: 0 }, event(metadata(), 1000), event(chunk(0, 'a'), 1800)])
    expect(fresh.firstChunkAt).toBe(1800)
  })

  it('waits for the server to confirm a cancel, taking the chunks still on their way', () => {
    let state = run([{ type: 'start', now: 0 }, event(metadata()), event(chunk(0, 'abc')), { type: 'cancelling' }])
    expect(state).toMatchObject({ cancelling: true, status: 'streaming' })
    state = run([event(chunk(3, 'def')), event({ __typename: 'ArticleError', code: 'CANCELLED', message: 'cancelled', retryable: true, retryAfterMs: null })], state)
    expect(state).toMatchObject({ cancelling: false, status: 'cancelled', text: 'abcdef' })
  })

  it('pauses the display while text keeps arriving, and catches up at once on resume', () => {
    let state = run([{ type: 'start', now: 0 }, event(metadata()), event(chunk(0, 'one '))])
    state = reduceArticle(state, { type: 'pause' })
    expect(phaseOf(state)).toBe('paused')
    state = run([event(chunk(4, 'two ')), event(chunk(8, 'three'))], state)
    expect(state.text).toBe('one two three')
    expect(state.shownLength).toBe(4)
    state = reduceArticle(state, { type: 'resume' })
    expect(phaseOf(state)).toBe('streaming')
    expect(state.shownLength).toBe(13)
  })

  it.each([
    ['finishes', event(done('one two three'))],
    ['is cancelled', event({ __typename: 'ArticleError', generationId: 'g1', code: 'CANCELLED', message: 'cancelled', retryable: true, retryAfterMs: null } as StreamEvent)],
    ['fails', event({ __typename: 'ArticleError', generationId: 'g1', code: 'UPSTREAM_TIMEOUT', message: 'silent', retryable: true, retryAfterMs: null } as StreamEvent)],
    ['loses its connection', { type: 'connection-lost', message: 'lost', now: 2 } as ArticleAction],
  ])('shows the whole text when the stream %s while the display is paused', (_, end) => {
    let state = run([{ type: 'start', now: 0 }, event(metadata()), event(chunk(0, 'one ')), { type: 'pause' }, event(chunk(4, 'two ')), event(chunk(8, 'three'))])
    expect(state.shownLength).toBe(4)
    state = reduceArticle(state, end)
    expect(state.paused).toBe(false)
    expect(state.text.slice(0, state.shownLength)).toBe('one two three')
  })

  it('ignores text replayed after a reconnect and takes only the new part of an overlapping chunk', () => {
    let state = run([{ type: 'start', now: 0 }, event(metadata()), event(chunk(0, 'Hello ')), event(chunk(6, 'wor'))])
    // The SSE client reconnected: the server replays from the start of the same generation.
    state = run([event(metadata()), event(chunk(0, 'Hello ')), event(chunk(6, 'world')), event(chunk(11, '!'))], state)
    expect(state.text).toBe('Hello world!')
  })

  it('starts over when the metadata names another generation (regenerate)', () => {
    let state = run([{ type: 'start', now: 0 }, event(metadata('g1')), event(chunk(0, 'old text'))])
    state = run([{ type: 'start', now: 5 }, event(metadata('g2')), event(chunk(0, 'new', 0, 'g2'))], state)
    expect(state.text).toBe('new')
    expect(state.generationId).toBe('g2')
  })

  it('reports a gap instead of showing text in the wrong place', () => {
    const state = run([{ type: 'start', now: 0 }, event(metadata()), event(chunk(0, 'abc')), event(chunk(10, 'xyz'))])
    expect(phaseOf(state)).toBe('error')
    expect(state.error).toMatchObject({ code: 'GAP', retryable: true })
    expect(state.text).toBe('abc')
  })

  it('ends cancelled on cancel, and ignores what still arrives', () => {
    let state = run([{ type: 'start', now: 0 }, event(metadata()), event(chunk(0, 'abc')), { type: 'cancel', now: 3 }])
    expect(phaseOf(state)).toBe('cancelled')
    state = reduceArticle(state, event(chunk(3, 'def')))
    expect(state.text).toBe('abc')
  })

  it('ends in error with the server’s message and retry advice', () => {
    const state = run([
      { type: 'start', now: 0 },
      event(metadata()),
      event({ __typename: 'ArticleError', code: 'RATE_LIMITED', message: 'Too many', retryable: true, retryAfterMs: 3000 }),
    ])
    expect(phaseOf(state)).toBe('error')
    expect(state.error).toEqual({ code: 'RATE_LIMITED', message: 'Too many', retryable: true, retryAfterMs: 3000 })
  })

  it('shows a lost connection as a retryable error, but not after the end', () => {
    const lost = run([{ type: 'start', now: 0 }, event(metadata()), { type: 'connection-lost', message: 'offline', now: 2 }])
    expect(lost.error).toMatchObject({ code: 'CONNECTION_LOST', retryable: true })
    const ended = run([
      { type: 'start', now: 0 },
      event(done('x')),
      { type: 'connection-lost', message: 'offline', now: 2 },
    ])
    expect(phaseOf(ended)).toBe('done')
  })

  it('knows since when a reasoning model has been thinking, from the server, until its first words', () => {
    let state = run([{ type: 'start', now: 0 }, event(metadata(), 100)])
    // Joined 12 s into the thinking: the count starts where the model began, not at zero.
    state = reduceArticle(state, event({ __typename: 'ArticleThinking', generationId: 'g1', since: '2026-12-01T10:00:08.000Z' }, 20_000))
    expect(state.thinkingSince).toBe(Date.parse('2026-12-01T10:00:08.000Z'))
    state = reduceArticle(state, event(chunk(0, 'Words'), 21_000))
    expect(reduceArticle(state, event({ __typename: 'ArticleThinking', generationId: 'g1', since: '2026-12-01T10:00:08.000Z' }, 21_500))).toBe(state)
    // A notice from another generation is not this one's.
    const other = run([{ type: 'start', now: 0 }, event(metadata())])
    expect(reduceArticle(other, event({ __typename: 'ArticleThinking', generationId: 'g2', since: started }))).toBe(other)
  })

  it('marks a portrait the model cut at its length limit', () => {
    const base = run([{ type: 'start', now: 0 }, event(metadata()), event(chunk(0, 'Cut'))])
    expect(reduceArticle(base, event(done('Cut', 'TRUNCATED'))).truncated).toBe(true)
    expect(reduceArticle(base, event(done('Cut', 'COMPLETE'))).truncated).toBe(false)
  })
})

describe('checks of the text against the collection', () => {
  const text = 'Her second album, *Post* (1994), and *Debut* (1993).\n\n'
  const wrong: FactCheck = { start: 26, end: 30, kind: 'ALBUM_YEAR', subject: 'Post', stated: '1994', expected: '1995', status: 'CONTRADICTED' }
  const right: FactCheck = { start: 46, end: 50, kind: 'ALBUM_YEAR', subject: 'Debut', stated: '1993', expected: '1993', status: 'CONFIRMED' }
  const checks = (list: FactCheck[], generationId = 'g1'): StreamEvent => ({ __typename: 'ArticleFactCheck', generationId, checks: list })
  const streaming = () => run([{ type: 'start', now: 0 }, event(metadata()), event(chunk(0, text))])

  it('states what the checks say: offsets of the stated value in the text', () => {
    expect(text.slice(wrong.start, wrong.end)).toBe(wrong.stated)
    expect(text.slice(right.start, right.end)).toBe(right.stated)
  })

  it('gathers the checks as they arrive, in text order', () => {
    let state = streaming()
    expect(state.factChecks).toEqual([])
    state = run([event(checks([right])), event(checks([wrong]))], state)
    expect(state.factChecks).toEqual([wrong, right])
  })

  it('keeps one check per start offset when a resumed stream sends a block’s checks again', () => {
    let state = run([event(checks([wrong, right]))], streaming())
    const again = reduceArticle(state, event(checks([{ ...wrong }, { ...right }])))
    expect(again).toBe(state)
    // A check of the same place that says something else (the collection changed) replaces it.
    state = reduceArticle(state, event(checks([{ ...wrong, expected: '1996' }])))
    expect(state.factChecks).toEqual([{ ...wrong, expected: '1996' }, right])
  })

  it('ignores the checks of another generation, and forgets them when another one starts', () => {
    const state = run([event(checks([wrong]))], streaming())
    expect(reduceArticle(state, event(checks([right], 'g2')))).toBe(state)
    const regenerated = run([{ type: 'start', now: 5 }, event(metadata('g2'))], state)
    expect(regenerated.factChecks).toEqual([])
    // The same generation replayed after a reconnect keeps what it had.
    expect(run([{ type: 'start', now: 5 }, event(metadata('g1'))], state).factChecks).toEqual([wrong])
  })

  it('takes the checks that come just before the end, and none after it', () => {
    let state = run([event(checks([wrong])), event(done(text))], streaming())
    expect(state.factChecks).toEqual([wrong])
    state = reduceArticle(state, event(checks([right])))
    expect(state.factChecks).toEqual([wrong])
  })

  it('ends with the saved article’s checks when they were read with it, else keeps the stream’s', () => {
    const ended = run([event(checks([wrong])), event(done(text))], streaming())
    const saved = { id: 'g1', markdown: text, status: 'COMPLETE', durationMs: 1000 }
    expect(reduceArticle(ended, { type: 'saved', article: saved }).factChecks).toEqual([wrong])
    // The collection was corrected meanwhile: the saved article is checked as it stands now.
    const now = reduceArticle(ended, { type: 'saved', article: { ...saved, factChecks: [right, { ...wrong, status: 'CONFIRMED', expected: '1994' }] } })
    expect(now.factChecks).toEqual([{ ...wrong, status: 'CONFIRMED', expected: '1994' }, right])
    expect(reduceArticle(ended, { type: 'saved', article: { ...saved, id: 'g2', factChecks: [right] } })).toBe(ended)
  })

  it('keeps the checks across a pause, a lost connection and a retry', () => {
    let state = run([{ type: 'pause' }, event(checks([wrong]))], streaming())
    expect(state.factChecks).toEqual([wrong])
    state = run([{ type: 'connection-lost', message: 'lost', now: 2 }, { type: 'start', now: 3 }], state)
    expect(state.factChecks).toEqual([wrong])
  })
})
