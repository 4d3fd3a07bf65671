import type { ArtistQuery } from '../gql/graphql.ts'
import {
  countWords,
  errorOf,
  isRunning,
  shownTextOf,
  type ArticleError,
  type ArticleState,
  type FactCheck,
  type SavedArticle,
} from './articleState.ts'

/** A portrait as the artist's page lists it. */
export type Portrait = NonNullable<ArtistQuery['artist']>['portraits'][number]

export interface PanelInput {
  /** This tab's stream of the artist. */
  state: ArticleState
  /** The portrait the address names, if any. */
  portraitId: string | null
  /** The portrait on screen unless the stream is: the one the address names, else the latest finished one with the form's options. */
  selectedId: string | null
  /** The reader moved on from this tab's last stream (chose other options, or came back after it ended). */
  dismissed: boolean
  /** The saved article of `selectedId`, once read. */
  saved: SavedArticle | null
  /** It is being read. */
  loading: boolean
  /** The form's language: the text's, when nothing else says. */
  language: string
  /** The artist's portraits, as listed. */
  portraits: readonly Portrait[]
}

/** What every view gives the page to show, copy and download, empty when there is no text. */
export interface PanelText {
  /** The text on screen: all of it, unless the reader holds the display of a stream. */
  text: string
  /** The whole text, for Copy and Download, whatever the display holds back. */
  whole: string
  /** The language it is written in, for screen readers, hyphenation and quotes. */
  language: string
  /** The checks of its statements against the collection. */
  checks: readonly FactCheck[]
  /** When it was begun (epoch ms), which dates the downloaded file; null when unknown. */
  startedAt: number | null
  /** The portrait the history marks as the one on screen. */
  current: string | null
  /** A portrait being written that the panel does not show: "being written — 42 % — open". */
  elsewhere: { id: string; words: number; target: number } | null
}

/**
 * What the portrait panel shows: exactly one of these, derived here alone, so that no two parts of
 * the page can disagree on it.
 */
export type PanelView = PanelText &
  (
    | { kind: 'none' }
    | { kind: 'unknown' }
    | { kind: 'loading' }
    | { kind: 'saved'; article: SavedArticle }
    | { kind: 'writing'; phase: 'connecting' | 'streaming' | 'paused'; cancelling: boolean }
    | { kind: 'ended'; phase: 'done' | 'cancelled' | 'error'; article: SavedArticle | null; truncated: boolean; error: ArticleError | null; endedAt: number }
  )

/**
 * This tab's stream is the portrait on screen: it is the portrait selected, or, without a portrait
 * in the address, the last thing asked for here (while it runs, or until the reader moves on).
 */
export function showsStream({ state, portraitId, selectedId, dismissed }: Pick<PanelInput, 'state' | 'portraitId' | 'selectedId' | 'dismissed'>): boolean {
  const { stage, generationId } = state
  if (stage.status === 'idle') return false
  if (generationId !== null && generationId === selectedId) return true
  return !portraitId && (isRunning(stage) || !dismissed)
}

/** What the panel shows, from the stream, the address, the form's choice and the saved article read for it. */
export function panelView(input: PanelInput): PanelView {
  const { state, portraitId, selectedId, saved, loading, language } = input
  const { stage } = state
  const stream = showsStream(input)
  const shownId = stream ? state.generationId : selectedId
  const common = { current: shownId, elsewhere: writingElsewhere(input, stream, shownId) }
  // The stream is shown from its first step (showsStream is false while it is idle).
  if (stream && stage.status !== 'idle') {
    const text = {
      ...common,
      text: shownTextOf(state),
      whole: state.text,
      language: state.options?.language ?? language,
      checks: state.factChecks,
      startedAt: state.startedAt,
    }
    if (isRunning(stage)) return { ...text, kind: 'writing', phase: stage.heldAt === null ? stage.status : 'paused', cancelling: stage.cancelling }
    const truncated = stage.status === 'done' && stage.truncated
    return { ...text, kind: 'ended', phase: stage.status, article: stage.saved, truncated, error: errorOf(state), endedAt: stage.endedAt }
  }
  if (saved) {
    return {
      ...common,
      kind: 'saved',
      article: saved,
      text: saved.markdown,
      whole: saved.markdown,
      language: saved.language,
      checks: saved.factChecks,
      startedAt: Date.parse(saved.createdAt),
    }
  }
  const empty = { ...common, text: '', whole: '', language, checks: [], startedAt: null }
  if (selectedId && loading) return { ...empty, kind: 'loading' }
  return { ...empty, kind: portraitId ? 'unknown' : 'none' }
}

function writingElsewhere({ state, portraits }: PanelInput, stream: boolean, shownId: string | null): PanelText['elsewhere'] {
  const { stage, generationId, text, targetWords } = state
  // The one this tab follows is as far along as the text it holds.
  if (isRunning(stage) && !stream && generationId) return { id: generationId, words: countWords(text), target: targetWords }
  const writing = portraits.find((portrait) => portrait.status === 'WRITING' && portrait.id !== shownId)
  if (!writing) return null
  return { id: writing.id, words: writing.generation?.writtenWords ?? writing.wordCount, target: writing.generation?.targetWords ?? 0 }
}

/**
 * The portraits listed in the history: the artist's, with the one this tab is writing among them
 * from its first word (the server lists it only once it has saved some of it, and this tab may
 * read the list before that), as far along as the text this tab holds.
 */
export function historyOf(state: ArticleState, portraits: readonly Portrait[]): readonly Portrait[] {
  const { stage, generationId, options, model, text, targetWords, startedAt } = state
  if (!isRunning(stage) || !generationId || !options || !model) return portraits
  const words = countWords(text)
  const progress = { __typename: 'GenerationStatus', id: generationId, writtenWords: words, targetWords } as unknown as NonNullable<Portrait['generation']>
  const known = portraits.find((portrait) => portrait.id === generationId)
  if (known) return portraits.map((portrait) => (portrait === known ? ({ ...known, status: 'WRITING', wordCount: Math.max(known.wordCount, words), generation: progress } as Portrait) : portrait))
  const writing = {
    __typename: 'Article',
    id: generationId,
    status: 'WRITING',
    language: options.language,
    length: options.length,
    tone: options.tone,
    model,
    createdAt: new Date(startedAt ?? Date.now()).toISOString(),
    wordCount: words,
    usage: { promptTokens: null, completionTokens: null, reasoningTokens: null },
    timings: { durationMs: null, tokensPerSecond: null },
    generation: progress,
  } as unknown as Portrait
  return [writing, ...portraits]
}
