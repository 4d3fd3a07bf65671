import type { ArticleTextQuery, FactCheckFieldsFragment, GenerateArticleSubscription } from '../gql/graphql.ts'

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
export type SavedArticle = NonNullable<ArticleTextQuery['article']>

/** A stream being opened or written. */
export interface RunningStage {
  status: 'connecting' | 'streaming'
  /** The reader froze the display at this length of the text, which keeps arriving underneath; null while it follows. */
  heldAt: number | null
  /** Cancel was asked for: the last chunks and the server's confirmation are on their way. */
  cancelling: boolean
}

/** A stream that has ended: nothing is held back any more, and the article it saved takes over once read. */
interface EndedStage {
  endedAt: number
  /** The saved article, read once when the stream ended; null until then, or when nothing was saved. */
  saved: SavedArticle | null
}

/**
 * Where a stream stands, with what belongs to that moment alone: a hold, a cancel on its way, an
 * error or the saved article cannot outlive the stage they belong to, so no flag can drift.
 */
export type ArticleStage =
  | { status: 'idle' }
  | RunningStage
  | (EndedStage & { status: 'done'; /** The model stopped at its length limit: the text is cut short. */ truncated: boolean })
  | (EndedStage & { status: 'cancelled' })
  | (EndedStage & { status: 'error'; error: ArticleError })

export type EndedArticleStage = Extract<ArticleStage, EndedStage>

export interface ArticleState {
  stage: ArticleStage
  generationId: string | null
  model: string | null
  offline: boolean
  fromSaved: boolean
  options: { language: string; length: string; tone: string } | null
  targetWords: number
  /** Everything received, in order, without gaps or duplicates (the saved text, once read). */
  text: string
  /** Chunks the generation has sent so far (its last `seq` + 1), however many this reader saw live. */
  tokens: number
  /** When the generation started, on the server (epoch ms): the same for every reader, after a reload too. */
  startedAt: number | null
  /** When its first chunk arrived, where this reader saw it arrive live; null when it joined later. */
  firstChunkAt: number | null
  /** When this reader received the metadata (epoch ms). */
  joinedAt: number | null
  /** When the model began reasoning (epoch ms), while it has written nothing yet. */
  thinkingSince: number | null
  /** The statements of the text checked so far, one per start offset, in text order. */
  factChecks: readonly FactCheck[]
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
  stage: { status: 'idle' },
  generationId: null,
  model: null,
  offline: false,
  fromSaved: false,
  options: null,
  targetWords: 0,
  text: '',
  tokens: 0,
  startedAt: null,
  firstChunkAt: null,
  joinedAt: null,
  thinkingSince: null,
  factChecks: [],
}

/** The stream is being opened or written. */
export const isRunning = (stage: ArticleStage): stage is RunningStage => stage.status === 'connecting' || stage.status === 'streaming'
/** The stream has ended: finished, cancelled or failed. */
export const isEnded = (stage: ArticleStage): stage is EndedArticleStage => stage.status === 'done' || stage.status === 'cancelled' || stage.status === 'error'

/** Text arrived: the stream is being written, with the hold and cancel it had while it ran. */
const streamingStage = (stage: ArticleStage): RunningStage =>
  isRunning(stage) ? { ...stage, status: 'streaming' } : { status: 'streaming', heldAt: null, cancelling: false }
const failed = (now: number, error: ArticleError): EndedArticleStage => ({ status: 'error', endedAt: now, error, saved: null })

/** A chunk that arrives this long after the metadata was not replayed: the reader saw it being written. */
const liveAfterMs = 50

/**
 * The article panel's state machine. Chunks are placed by their offset, so a stream that is
 * replayed after a reconnect (or resumed from an offset) neither duplicates nor loses text.
 */
export function reduceArticle(state: ArticleState, action: ArticleAction): ArticleState {
  const { stage } = state
  switch (action.type) {
    case 'start':
      // A retry or resume keeps what is already there; a new generation is told by its metadata.
      return { ...state, stage: { status: 'connecting', heldAt: null, cancelling: false } }
    case 'pause':
      return isRunning(stage) && stage.heldAt === null ? { ...state, stage: { ...stage, heldAt: state.text.length } } : state
    case 'resume':
      return isRunning(stage) && stage.heldAt !== null ? { ...state, stage: { ...stage, heldAt: null } } : state
    case 'cancel':
      return isRunning(stage) ? { ...state, stage: { status: 'cancelled', endedAt: action.now, saved: null } } : state
    case 'cancelling':
      return isRunning(stage) && !stage.cancelling ? { ...state, stage: { ...stage, cancelling: true } } : state
    case 'connection-lost':
      if (stage.status === 'done' || stage.status === 'cancelled') return state
      return { ...state, stage: failed(action.now, { code: 'CONNECTION_LOST', message: action.message, retryable: true, retryAfterMs: null }) }
    case 'saved': {
      const { article } = action
      // Only the stream that ended takes it: a retry begun meanwhile continues from its own text.
      if (article.id !== state.generationId || !isEnded(stage)) return state
      const endedAt = state.startedAt !== null && article.timings.durationMs !== null ? state.startedAt + article.timings.durationMs : stage.endedAt
      return { ...state, text: article.markdown, factChecks: mergeChecks([], article.factChecks), stage: { ...stage, endedAt, saved: article } }
    }
    case 'event':
      return onEvent(state, action.event, action.now)
  }
}

function onEvent(state: ArticleState, event: StreamEvent, now: number): ArticleState {
  const { stage } = state
  // An ended stream takes nothing more: a client may hand its last event over again as it closes
  // (urql repeats the final result), and that must not restart the clock the saved duration set.
  if (stage.status === 'cancelled' || stage.status === 'done') return state
  switch (event.__typename) {
    case 'ArticleMetadata': {
      const same = state.generationId === event.generationId
      return {
        ...state,
        stage: streamingStage(stage),
        generationId: event.generationId,
        model: event.model,
        offline: event.offline,
        fromSaved: event.fromSaved,
        options: { language: event.language, length: event.articleLength, tone: event.tone },
        targetWords: event.targetWords,
        startedAt: Date.parse(event.startedAt),
        joinedAt: now,
        ...(same ? {} : { text: '', tokens: 0, firstChunkAt: null, thinkingSince: null, factChecks: [] }),
      }
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
        return { ...state, stage: failed(now, { code: 'GAP', message: 'Part of the text was missed; reconnecting picks it up.', retryable: true, retryAfterMs: null }) }
      }
      const fresh = event.delta.slice(state.text.length - event.offset)
      if (!fresh) return state
      const live = event.seq === 0 && state.joinedAt !== null && now - state.joinedAt >= liveAfterMs
      return {
        ...state,
        stage: streamingStage(stage),
        text: state.text + fresh,
        tokens: Math.max(state.tokens, event.seq + 1),
        firstChunkAt: live ? now : state.firstChunkAt,
      }
    }
    case 'ArticleDone':
      // The text stays as received until the saved article is read: it is checked against the
      // saved length and hash first, so a stream that lost or repeated text shows up.
      return { ...state, stage: { status: 'done', endedAt: now, truncated: event.article.status === 'TRUNCATED', saved: null } }
    case 'ArticleError': {
      if (event.code === 'CANCELLED') return { ...state, stage: { status: 'cancelled', endedAt: now, saved: null } }
      return { ...state, stage: failed(now, { code: event.code, message: event.message, retryable: event.retryable, retryAfterMs: event.retryAfterMs ?? null }) }
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

/** Words as the server counts them for its progress: runs of non-space characters. */
export const countWords = (text: string) => text.match(/\S+/g)?.length ?? 0

/** The phase the panel shows. */
export const phaseOf = ({ stage }: ArticleState): ArticlePhase => (isRunning(stage) && stage.heldAt !== null ? 'paused' : stage.status)

/** The part of the text on screen: all of it, unless the reader holds the display of a running stream. */
export const shownTextOf = ({ stage, text }: ArticleState): string => (isRunning(stage) && stage.heldAt !== null ? text.slice(0, stage.heldAt) : text)

/** When the stream ended (epoch ms), once it has. */
export const endedAtOf = ({ stage }: ArticleState): number | null => (isEnded(stage) ? stage.endedAt : null)

/** Why the stream failed, when it did. */
export const errorOf = ({ stage }: ArticleState): ArticleError | null => (stage.status === 'error' ? stage.error : null)
