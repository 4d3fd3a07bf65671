import type { PortraitRunInput, PortraitRunStatus } from '../gql/graphql.ts'
import type { ArticleRequest } from './useArticleStream.ts'

/** Which artists a run is for: all of them, those a search finds, or those of a genre. */
export type RunScope = 'all' | 'search' | 'genre'

/** The run form as the reader fills it in. */
export interface RunForm {
  scope: RunScope
  search: string
  genre: string
  /** Leave out artists who already have a complete portrait with these options. */
  missingOnly: boolean
  options: ArticleRequest
  /** As typed (a number input gives a number, or '' while blank): blank for no limit. */
  budgetTokens: string | number
  budgetCost: string | number
}

/** A run in these states still changes: it is followed live, and may be paused or cancelled. */
export const activeRunStatuses: readonly PortraitRunStatus[] = ['QUEUED', 'RUNNING', 'PAUSED']
export const isActiveRun = (status: PortraitRunStatus) => activeRunStatuses.includes(status)

/** A positive amount typed in a field (tokens are whole), or null for a blank, zero or nonsense. */
export function amountOf(typed: string | number, whole = false): number | null {
  const text = String(typed).trim()
  const value = Number(text.replace(',', '.'))
  if (!text || !Number.isFinite(value) || value <= 0) return null
  return whole ? Math.max(1, Math.round(value)) : value
}

/**
 * The artists and options a form chooses, as the API takes them; null while the choice is not
 * made yet (a search not typed, a genre not picked). The budgets go with it when `budget` is set,
 * a money budget only when the server prices portraits (`currency`).
 */
export function runInputOf(form: RunForm, { budget = true, currency = null }: { budget?: boolean; currency?: string | null } = {}): PortraitRunInput | null {
  const search = form.search.trim()
  if (form.scope === 'search' && !search) return null
  if (form.scope === 'genre' && !form.genre) return null
  const input: PortraitRunInput = { missingOnly: form.missingOnly, options: { ...form.options } }
  if (form.scope === 'search') input.search = search
  if (form.scope === 'genre') input.genre = form.genre
  if (budget) {
    const tokens = amountOf(form.budgetTokens, true)
    const cost = currency ? amountOf(form.budgetCost) : null
    if (tokens !== null) input.budgetTokens = tokens
    if (cost !== null) input.budgetCost = cost
  }
  return input
}

/**
 * How many of the estimated portraits the budgets pay for, at the estimate's mean cost each; null
 * when they pay for all of them (or there is no budget).
 */
export function budgetCovers(
  estimate: { artists: number; tokens: number; cost: number | null },
  budgetTokens: number | null,
  budgetCost: number | null,
): number | null {
  if (!estimate.artists) return null
  const limits: number[] = []
  if (budgetTokens !== null && estimate.tokens > 0) limits.push(Math.floor(budgetTokens / (estimate.tokens / estimate.artists)))
  if (budgetCost !== null && estimate.cost) limits.push(Math.floor(budgetCost / (estimate.cost / estimate.artists)))
  const covered = Math.min(estimate.artists, ...limits)
  return covered < estimate.artists ? covered : null
}

/** What can be done to a run in its state. */
export function runActions({ status, failed }: { status: PortraitRunStatus; failed: number }) {
  return {
    pause: status === 'RUNNING' || status === 'QUEUED',
    resume: status === 'PAUSED',
    cancel: isActiveRun(status),
    // A cancelled run writes nothing more: its failed artists would wait for ever.
    retryFailed: failed > 0 && status !== 'CANCELLED',
  }
}

/** A refusal of the server (with its code: NO_ARTISTS, RUN_STATE, UNAUTHENTICATED...) or a failure to reach it (without). */
export interface OperationError {
  code: string | null
  message: string
}

/** What urql's CombinedError holds that matters here. */
export interface ErrorLike {
  message: string
  graphQLErrors: readonly { message: string; extensions?: Record<string, unknown> }[]
  response?: unknown
}

/** The first GraphQL error of an operation that failed, with its code; null when it did not. */
export function operationError(error: ErrorLike | undefined | null): OperationError | null {
  if (!error) return null
  const first = error.graphQLErrors[0]
  const status = (error.response as { status?: number } | undefined)?.status
  const code = (first?.extensions?.code as string | undefined) ?? (status === 401 ? 'UNAUTHENTICATED' : null)
  return { code, message: first?.message ?? error.message }
}
