import { describe, expect, it, vi } from 'vitest'
import { effectScope, shallowRef } from 'vue'
import { reduceArticle } from './articleState.ts'
import { chunk, done, event, metadata, run, savedArticle, started } from './tarticle.ts'
import { elapsedSeconds, progressOf, thinkingSeconds, tokensPerSecond, useArticleStats } from './useArticleStats.ts'

const t0 = Date.parse(started)

describe('the status line’s figures', () => {
  it('times the generation from its start on the server, whenever this reader joined, and stops the clock at its end', () => {
    // Joined 30 s in (a reload): the clock says 30 s at once, not 0.
    let state = run([{ type: 'start', now: t0 + 30_000 }, event(metadata(), t0 + 30_000)])
    expect(elapsedSeconds(state, t0 + 30_000)).toBe(30)
    state = reduceArticle(state, event(done(''), t0 + 42_000))
    expect(elapsedSeconds(state, t0 + 99_000)).toBe(42)
    // The saved duration, once read, is the one shown.
    state = reduceArticle(state, { type: 'saved', article: savedArticle('', { durationMs: 41_500 }) })
    expect(elapsedSeconds(state, t0 + 99_000)).toBe(41.5)
  })

  it('gives a saved portrait replayed no writing time or pace of its own', () => {
    const replayed = run([{ type: 'start', now: t0 }, event(metadata('g1', started, { fromSaved: true }), t0), event(chunk(0, 'all of it', 0), t0 + 10)])
    expect(elapsedSeconds(replayed, t0 + 5000)).toBe(0)
    expect(tokensPerSecond(replayed, t0 + 5000)).toBe(0)
  })

  it('paces chunks from the first one this reader saw arrive, and says nothing for the first half second', () => {
    let state = run([{ type: 'start', now: t0 }, event(metadata(), t0), event(chunk(0, 'a', 0), t0 + 1000)])
    for (let seq = 1; seq < 40; seq++) state = reduceArticle(state, event(chunk(seq, 'a', seq), t0 + 1000 + seq * 50))
    expect(tokensPerSecond(state, t0 + 1400)).toBe(0)
    expect(tokensPerSecond(state, t0 + 3000)).toBe(20)
  })

  it('counts the thinking seconds of a reasoning model until its first words, only while it runs', () => {
    const since = '2026-12-01T10:00:08.000Z'
    let state = run([{ type: 'start', now: t0 }, event(metadata(), t0), event({ __typename: 'ArticleThinking', generationId: 'g1', since }, t0 + 9000)])
    expect(thinkingSeconds(state, t0 + 20_000)).toBe(12)
    expect(thinkingSeconds(reduceArticle(state, { type: 'cancel', now: t0 + 21_000 }), t0 + 22_000)).toBeNull()
    state = reduceArticle(state, event(chunk(0, 'Words'), t0 + 21_000))
    expect(thinkingSeconds(state, t0 + 22_000)).toBeNull()
  })

  it('shows progress by words against the target, never past it, and whole once finished', () => {
    const state = run([{ type: 'start', now: t0 }, event(metadata(), t0)])
    expect(progressOf(state, 150)).toBe(0.25)
    expect(progressOf(state, 900)).toBe(1)
    expect(progressOf(reduceArticle(state, event(done(''))), 100)).toBe(1)
    expect(progressOf({ ...state, targetWords: 0 }, 100)).toBe(0)
  })

  it('ticks while the stream runs, and holds still once it ended', async () => {
    let now = t0 + 1000
    const state = shallowRef(run([{ type: 'start', now: t0 }, event(metadata(), t0)]))
    const scope = effectScope()
    const stats = scope.run(() => useArticleStats(state, () => now))!
    expect(stats.elapsedSeconds.value).toBe(1)
    now = t0 + 2000
    await vi.waitFor(() => expect(stats.elapsedSeconds.value).toBe(2))
    state.value = reduceArticle(state.value, event(done(''), t0 + 2500))
    now = t0 + 9000
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect(stats.elapsedSeconds.value).toBe(2.5)
    scope.stop()
  })
})
