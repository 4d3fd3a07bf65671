import type { FactCheckFieldsFragment, GenerateArticleSubscription } from '../gql/graphql.ts'

/** The events of `generateArticle`, as the client selects them. */
export type StreamEvent = GenerateArticleSubscription['generateArticle']

/** A statement of the text checked against the collection: `text.slice(start, end) === stated`. */
export type FactCheck = FactCheckFieldsFragment

export type ArticleStatus = 'idle' | 'connecting' | 'streaming' | 'done' | 'cancelled' | 'error'

/** What the panel shows: the stream's status, or `paused` while the reader holds the display. */
export type ArticlePhase = ArticleStatus | 'paused'

export interface ArticleError {
  code: string
  message: string
  retryable: boolean
  retryAfterMs: number | null
}

/** What a finished generation saved, as the server holds it: the one truth once a stream ends. */
export interface SavedArticle {
  id: string
  markdown: string
  status: string
  /** Milliseconds from the request to the last token. */
  durationMs: number | null
  /** Its checks as the collection stands now, when they were read with it. */
  factChecks?: readonly FactCheck[]
}

export interface ArticleState {
  status: ArticleStatus
  /** The reader froze the display; text keeps arriving underneath. */
  paused: boolean
  /** Cancel was asked for: the last chunks and the server's confirmation are on their way. */
  cancelling: boolean
  generationId: string | null
  model: string | null
  offline: boolean
  fromSaved: boolean
  options: { language: string; length: string; tone: string } | null
  targetWords: number
  /** Everything received, in order, without gaps or duplicates. */
  text: string
  /** How much of `text` is on screen (all of it unless paused). */
  shownLength: number
  /** Chunks the generation has sent so far (its last `seq` + 1), however many this reader saw live. */
  tokens: number
  /** When the generation started, on the server (epoch ms): the same for every reader, after a reload too. */
  startedAt: number | null
  /** When its first chunk arrived, where this reader saw it arrive live; null when it joined later. */
  firstChunkAt: number | null
  /** When this reader received the metadata (epoch ms). */
  joinedAt: number | null
  endedAt: number | null
  /** When the model began reasoning (epoch ms), while it has written nothing yet. */
  thinkingSince: number | null
  /** The model stopped at its length limit: the text is cut short. */
  truncated: boolean
  /** The statements of the text checked so far, one per start offset, in text order. */
  factChecks: readonly FactCheck[]
  error: ArticleError | null
}

export type ArticleAction =
  | { type: 'start'; now: number }
  | { type: 'event'; event: StreamEvent; now: number }
  | { type: 'connection-lost'; message: string; now: number }
  | { type: 'cancel'; now: number }
  /** Cancel was sent to the server; the stream ends when it confirms. */
  | { type: 'cancelling' }
  | { type: 'pause' }
  | { type: 'resume' }
  /** The saved article, read once the stream ended: its text is what every reader ends with. */
  | { type: 'saved'; article: SavedArticle }

export const initialArticleState: ArticleState = {
  status: 'idle',
  paused: false,
  cancelling: false,
  generationId: null,
  model: null,
  offline: false,
  fromSaved: false,
  options: null,
  targetWords: 0,
  text: '',
  shownLength: 0,
  tokens: 0,
  startedAt: null,
  firstChunkAt: null,
  joinedAt: null,
  endedAt: null,
  thinkingSince: null,
  truncated: false,
  factChecks: [],
  error: null,
}

const shown = (state: ArticleState): ArticleState => (state.paused ? state : { ...state, shownLength: state.text.length })
/** A stream that has ended (finished, cancelled, failed) has nothing left to hold back: all of it shows. */
const ended = (state: ArticleState): ArticleState => ({ ...state, paused: false, cancelling: false, shownLength: state.text.length })

/** A chunk that arrives this long after the metadata was not replayed: the reader saw it being written. */
const liveAfterMs = 50

/**
 * The article panel's state machine. Chunks are placed by their offset, so a stream that is
 * replayed after a reconnect (or resumed from an offset) neither duplicates nor loses text.
 */
export function reduceArticle(state: ArticleState, action: ArticleAction): ArticleState {
  switch (action.type) {
    case 'start':
      // A retry or resume keeps what is already there; a new generation is told by its metadata.
      return { ...state, status: 'connecting', cancelling: false, error: null, endedAt: null }
    case 'pause':
      return state.paused ? state : { ...state, paused: true }
    case 'resume':
      return { ...state, paused: false, shownLength: state.text.length }
    case 'cancel':
      if (state.status !== 'connecting' && state.status !== 'streaming') return state
      return ended({ ...state, status: 'cancelled', endedAt: action.now })
    case 'cancelling':
      return state.status === 'connecting' || state.status === 'streaming' ? { ...state, cancelling: true } : state
    case 'connection-lost':
      if (state.status === 'done' || state.status === 'cancelled') return state
      return ended({ ...state, status: 'error', endedAt: action.now, error: { code: 'CONNECTION_LOST', message: action.message, retryable: true, retryAfterMs: null } })
    case 'saved': {
      const { article } = action
      if (article.id !== state.generationId) return state
      const endedAt = state.startedAt !== null && article.durationMs !== null ? state.startedAt + article.durationMs : state.endedAt
      const factChecks = article.factChecks ? mergeChecks([], article.factChecks) : state.factChecks
      return { ...state, text: article.markdown, shownLength: article.markdown.length, endedAt, factChecks }
    }
    case 'event':
      return onEvent(state, action.event, action.now)
  }
}

function onEvent(state: ArticleState, event: StreamEvent, now: number): ArticleState {
  // An ended stream takes nothing more: a client may hand its last event over again as it closes
  // (urql repeats the final result), and that must not restart the clock the saved duration set.
  if (state.status === 'cancelled' || state.status === 'done') return state
  switch (event.__typename) {
    case 'ArticleMetadata': {
      const same = state.generationId === event.generationId
      return shown({
        ...state,
        status: 'streaming',
        generationId: event.generationId,
        model: event.model,
        offline: event.offline,
        fromSaved: event.fromSaved,
        options: { language: event.language, length: event.articleLength, tone: event.tone },
        targetWords: event.targetWords,
        startedAt: Date.parse(event.startedAt),
        joinedAt: now,
        ...(same ? {} : { text: '', tokens: 0, firstChunkAt: null, thinkingSince: null, truncated: false, factChecks: [] }),
      })
    }
    case 'ArticleFactCheck': {
      if (event.generationId !== state.generationId) return state
      const factChecks = mergeChecks(state.factChecks, event.checks)
      return factChecks === state.factChecks ? state : { ...state, factChecks }
    }
    case 'ArticleThinking':
      if (event.generationId !== state.generationId || state.text) return state
      return { ...state, thinkingSince: Date.parse(event.since) }
    case 'ArticleChunk': {
      if (event.generationId !== state.generationId) return state
      if (event.offset > state.text.length) {
        return ended({
          ...state,
          status: 'error',
          endedAt: now,
          error: { code: 'GAP', message: 'Part of the text was missed; reconnecting picks it up.', retryable: true, retryAfterMs: null },
        })
      }
      const fresh = event.delta.slice(state.text.length - event.offset)
      if (!fresh) return state
      const live = event.seq === 0 && state.joinedAt !== null && now - state.joinedAt >= liveAfterMs
      return shown({
        ...state,
        status: 'streaming',
        text: state.text + fresh,
        tokens: Math.max(state.tokens, event.seq + 1),
        firstChunkAt: live ? now : state.firstChunkAt,
      })
    }
    case 'ArticleDone':
      // The text stays as received: it is checked against the saved article's length and hash,
      // so a stream that lost or repeated text shows up instead of being papered over.
      return ended({ ...state, status: 'done', endedAt: now, truncated: event.article.status === 'TRUNCATED', error: null })
    case 'ArticleError': {
      const error = { code: event.code, message: event.message, retryable: event.retryable, retryAfterMs: event.retryAfterMs ?? null }
      return ended({ ...state, status: event.code === 'CANCELLED' ? 'cancelled' : 'error', endedAt: now, error })
    }
  }
}

/**
 * Adds checks to those known, one per start offset (a resumed stream sends a block's checks again),
 * in text order; the same array when nothing changed.
 */
function mergeChecks(known: readonly FactCheck[], incoming: readonly FactCheck[]): readonly FactCheck[] {
  const byStart = new Map(known.map((check) => [check.start, check]))
  let changed = false
  for (const check of incoming) {
    const before = byStart.get(check.start)
    if (before && sameCheck(before, check)) continue
    byStart.set(check.start, check)
    changed = true
  }
  return changed ? [...byStart.values()].sort((a, b) => a.start - b.start) : known
}

const sameCheck = (a: FactCheck, b: FactCheck) =>
  a.end === b.end && a.kind === b.kind && a.status === b.status && a.stated === b.stated && a.expected === b.expected && a.subject === b.subject

/** The phase the panel shows. */
export const phaseOf = (state: ArticleState): ArticlePhase =>
  state.paused && (state.status === 'streaming' || state.status === 'connecting') ? 'paused' : state.status
