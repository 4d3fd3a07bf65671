import { describe, expect, it } from 'vitest'
import { endedAtOf, errorOf, initialArticleState, phaseOf, reduceArticle, shownTextOf, type ArticleAction, type FactCheck, type StreamEvent } from './articleState.ts'
import { chunk, done, event, metadata, run, savedArticle, started } from './tarticle.ts'

describe('article panel state', () => {
  it('goes idle → connecting → streaming → done, showing text as it arrives', () => {
    let state = initialArticleState
    expect(phaseOf(state)).toBe('idle')
    state = reduceArticle(state, { type: 'start', now: 0 })
    expect(phaseOf(state)).toBe('connecting')
    state = run([event(metadata()), event(chunk(0, '# Title\n')), event(chunk(8, 'Text'))], state)
    expect(phaseOf(state)).toBe('streaming')
    expect(state.text).toBe('# Title\nText')
    expect(shownTextOf(state)).toBe(state.text)
    state = reduceArticle(state, event(done('# Title\nText')))
    expect(phaseOf(state)).toBe('done')
  })

  it('keeps the text it received at the end, to be checked, then ends with the saved text and its duration', () => {
    // A stream that repeated a chunk: the end must not hide it by swapping the saved text in unasked.
    let state = run([{ type: 'start', now: 0 }, event(metadata()), event(chunk(0, 'one ')), event(chunk(4, 'two '))])
    state = reduceArticle(state, event(done('one two three ')))
    expect(state.text).toBe('one two ')
    const saved = savedArticle('one two three ', { durationMs: 61_500 })
    // The article of another generation (a regenerate meanwhile) is not this one's.
    expect(reduceArticle(state, { type: 'saved', article: { ...saved, id: 'g2' } })).toBe(state)
    state = reduceArticle(state, { type: 'saved', article: saved })
    expect(state.text).toBe('one two three ')
    expect(shownTextOf(state)).toBe(state.text)
    expect(endedAtOf(state)! - state.startedAt!).toBe(61_500)
    expect(state.stage).toMatchObject({ status: 'done', saved })
  })

  it('keeps the saved duration when the last event is handed over again as the stream closes', () => {
    let state = run([{ type: 'start', now: 0 }, event(metadata()), event(chunk(0, 'one two ')), event(done('one two '), 5000)])
    state = reduceArticle(state, { type: 'saved', article: savedArticle('one two ', { durationMs: 4_200 }) })
    state = reduceArticle(state, event(done('one two '), 9000))
    expect(endedAtOf(state)! - state.startedAt!).toBe(4_200)
    expect(phaseOf(state)).toBe('done')
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
    expect(state.stage).toEqual({ status: 'streaming', heldAt: null, cancelling: true })
    state = run([event(chunk(3, 'def')), event({ __typename: 'ArticleError', code: 'CANCELLED', message: 'cancelled', retryable: true, retryAfterMs: null })], state)
    expect(state.text).toBe('abcdef')
    // Ended, the stream has nothing being cancelled: the flag went with the stage it belonged to.
    expect(state.stage).toEqual({ status: 'cancelled', endedAt: 1, saved: null })
    expect(reduceArticle(state, { type: 'cancelling' })).toBe(state)
  })

  it('pauses the display while text keeps arriving, and catches up at once on resume', () => {
    let state = run([{ type: 'start', now: 0 }, event(metadata()), event(chunk(0, 'one '))])
    state = reduceArticle(state, { type: 'pause' })
    expect(phaseOf(state)).toBe('paused')
    state = run([event(chunk(4, 'two ')), event(chunk(8, 'three'))], state)
    expect(state.text).toBe('one two three')
    expect(shownTextOf(state)).toBe('one ')
    state = reduceArticle(state, { type: 'resume' })
    expect(phaseOf(state)).toBe('streaming')
    expect(shownTextOf(state)).toBe('one two three')
  })

  it.each([
    ['finishes', event(done('one two three'))],
    ['is cancelled', event({ __typename: 'ArticleError', generationId: 'g1', code: 'CANCELLED', message: 'cancelled', retryable: true, retryAfterMs: null } as StreamEvent)],
    ['fails', event({ __typename: 'ArticleError', generationId: 'g1', code: 'UPSTREAM_TIMEOUT', message: 'silent', retryable: true, retryAfterMs: null } as StreamEvent)],
    ['loses its connection', { type: 'connection-lost', message: 'lost', now: 2 } as ArticleAction],
  ])('shows the whole text when the stream %s while the display is paused', (_, end) => {
    let state = run([{ type: 'start', now: 0 }, event(metadata()), event(chunk(0, 'one ')), { type: 'pause' }, event(chunk(4, 'two ')), event(chunk(8, 'three'))])
    expect(shownTextOf(state)).toBe('one ')
    state = reduceArticle(state, end)
    expect(phaseOf(state)).not.toBe('paused')
    expect(state.stage).not.toHaveProperty('heldAt')
    expect(shownTextOf(state)).toBe('one two three')
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
    expect(errorOf(state)).toMatchObject({ code: 'GAP', retryable: true })
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
    expect(errorOf(state)).toEqual({ code: 'RATE_LIMITED', message: 'Too many', retryable: true, retryAfterMs: 3000 })
  })

  it('shows a lost connection as a retryable error, but not after the end', () => {
    const lost = run([{ type: 'start', now: 0 }, event(metadata()), { type: 'connection-lost', message: 'offline', now: 2 }])
    expect(errorOf(lost)).toMatchObject({ code: 'CONNECTION_LOST', retryable: true })
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

  it('holds the display, or cancels, only while the stream runs: neither outlives it', () => {
    const idle = initialArticleState
    expect(reduceArticle(idle, { type: 'pause' })).toBe(idle)
    expect(reduceArticle(idle, { type: 'cancelling' })).toBe(idle)
    const ended = run([{ type: 'start', now: 0 }, event(metadata()), event(chunk(0, 'one')), event(done('one'))])
    expect(reduceArticle(ended, { type: 'pause' })).toBe(ended)
    expect(phaseOf(ended)).toBe('done')
    // A retry starts following the text again, whatever was held before.
    const held = run([{ type: 'start', now: 0 }, event(metadata()), event(chunk(0, 'one ')), { type: 'pause' }, { type: 'cancelling' }, { type: 'connection-lost', message: 'lost', now: 2 }])
    expect(reduceArticle(held, { type: 'start', now: 3 }).stage).toEqual({ status: 'connecting', heldAt: null, cancelling: false })
  })

  it('takes the saved article only while the stream it ended is on screen, not once a retry has begun', () => {
    const lost = run([{ type: 'start', now: 0 }, event(metadata()), event(chunk(0, 'one two')), event(chunk(20, 'later'))])
    expect(phaseOf(lost)).toBe('error')
    const retrying = reduceArticle(lost, { type: 'start', now: 3 })
    // The resume asks for the text from where this reader's stops: a late read must not move that.
    expect(reduceArticle(retrying, { type: 'saved', article: savedArticle('one two three four') })).toBe(retrying)
    expect(reduceArticle(lost, { type: 'saved', article: savedArticle('one two three') }).text).toBe('one two three')
  })

  it('marks a portrait the model cut at its length limit', () => {
    const base = run([{ type: 'start', now: 0 }, event(metadata()), event(chunk(0, 'Cut'))])
    expect(reduceArticle(base, event(done('Cut', 'TRUNCATED'))).stage).toMatchObject({ status: 'done', truncated: true })
    expect(reduceArticle(base, event(done('Cut', 'COMPLETE'))).stage).toMatchObject({ status: 'done', truncated: false })
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

  it('ends with the saved article’s checks, as the collection stands now', () => {
    const ended = run([event(checks([wrong])), event(done(text))], streaming())
    expect(reduceArticle(ended, { type: 'saved', article: savedArticle(text, { factChecks: [wrong] }) }).factChecks).toEqual([wrong])
    // The collection was corrected meanwhile: the saved article is checked as it stands now.
    const now = reduceArticle(ended, { type: 'saved', article: savedArticle(text, { factChecks: [right, { ...wrong, status: 'CONFIRMED', expected: '1994' }] }) })
    expect(now.factChecks).toEqual([{ ...wrong, status: 'CONFIRMED', expected: '1994' }, right])
    expect(reduceArticle(ended, { type: 'saved', article: savedArticle(text, { id: 'g2', factChecks: [right] }) })).toBe(ended)
  })

  it('keeps the checks across a pause, a lost connection and a retry', () => {
    let state = run([{ type: 'pause' }, event(checks([wrong]))], streaming())
    expect(state.factChecks).toEqual([wrong])
    state = run([{ type: 'connection-lost', message: 'lost', now: 2 }, { type: 'start', now: 3 }], state)
    expect(state.factChecks).toEqual([wrong])
  })
})
