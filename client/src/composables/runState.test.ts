import { describe, expect, it } from 'vitest'
import { amountOf, budgetCovers, operationError, runActions, runInputOf, type RunForm } from './runState.ts'

const form = (changes: Partial<RunForm> = {}): RunForm => ({
  scope: 'all',
  search: '',
  genre: '',
  missingOnly: true,
  options: { language: 'en', length: 'MEDIUM', tone: 'NEUTRAL' },
  budgetTokens: '',
  budgetCost: '',
  ...changes,
})

describe('the run form', () => {
  it('asks for every artist, or those a search finds, or those of a genre', () => {
    expect(runInputOf(form())).toEqual({ missingOnly: true, options: { language: 'en', length: 'MEDIUM', tone: 'NEUTRAL' } })
    expect(runInputOf(form({ scope: 'search', search: '  cash ', genre: 'soul' }))).toMatchObject({ search: 'cash' })
    expect(runInputOf(form({ scope: 'search', search: 'cash', genre: 'soul' }))).not.toHaveProperty('genre')
    expect(runInputOf(form({ scope: 'genre', genre: 'soul', search: 'cash', missingOnly: false }))).toMatchObject({ genre: 'soul', missingOnly: false })
    expect(runInputOf(form({ scope: 'genre', genre: 'soul', search: 'cash' }))).not.toHaveProperty('search')
  })

  it('waits for the search or the genre its choice needs', () => {
    expect(runInputOf(form({ scope: 'search', search: '   ' }))).toBeNull()
    expect(runInputOf(form({ scope: 'genre' }))).toBeNull()
  })

  it('sends budgets as typed, whole tokens, and money only to a server that prices portraits', () => {
    expect(runInputOf(form({ budgetTokens: '5000.4', budgetCost: '2,5' }))).toMatchObject({ budgetTokens: 5000 })
    expect(runInputOf(form({ budgetTokens: '5000', budgetCost: '2,5' }))).not.toHaveProperty('budgetCost')
    expect(runInputOf(form({ budgetCost: '2,5' }), { currency: 'EUR' })).toMatchObject({ budgetCost: 2.5 })
    expect(runInputOf(form({ budgetTokens: '5000', budgetCost: '2' }), { budget: false, currency: 'EUR' })).not.toHaveProperty('budgetTokens')
  })

  it('reads a blank, zero or nonsense amount as no limit', () => {
    expect(amountOf('')).toBeNull()
    expect(amountOf('0')).toBeNull()
    expect(amountOf('-3')).toBeNull()
    expect(amountOf('lots')).toBeNull()
    expect(amountOf('0.4', true)).toBe(1)
    expect(amountOf(' 12.5 ')).toBe(12.5)
    expect(amountOf(3000, true)).toBe(3000)
  })
})

describe('the estimate', () => {
  const estimate = { artists: 10, tokens: 20_000, cost: 1 }

  it('says how many portraits the budget pays for when it does not pay for all', () => {
    expect(budgetCovers(estimate, 5_000, null)).toBe(2)
    expect(budgetCovers(estimate, null, 0.35)).toBe(3)
    expect(budgetCovers(estimate, 5_000, 0.35)).toBe(2)
    expect(budgetCovers(estimate, 1_000, null)).toBe(0)
  })

  it('says nothing when it pays for all, or there is none, or nothing to write', () => {
    expect(budgetCovers(estimate, 50_000, 20)).toBeNull()
    expect(budgetCovers(estimate, null, null)).toBeNull()
    expect(budgetCovers({ artists: 10, tokens: 20_000, cost: null }, null, 0.1)).toBeNull()
    expect(budgetCovers({ artists: 0, tokens: 0, cost: null }, 10, null)).toBeNull()
  })
})

describe('a run’s buttons', () => {
  it('pause a running run, resume a paused one, cancel either, and retry failed artists unless cancelled', () => {
    expect(runActions({ status: 'RUNNING', failed: 0 })).toEqual({ pause: true, resume: false, cancel: true, retryFailed: false })
    expect(runActions({ status: 'PAUSED', failed: 2 })).toEqual({ pause: false, resume: true, cancel: true, retryFailed: true })
    expect(runActions({ status: 'COMPLETE', failed: 2 })).toEqual({ pause: false, resume: false, cancel: false, retryFailed: true })
    expect(runActions({ status: 'CANCELLED', failed: 2 })).toEqual({ pause: false, resume: false, cancel: false, retryFailed: false })
    expect(runActions({ status: 'BUDGET_REACHED', failed: 0 })).toEqual({ pause: false, resume: false, cancel: false, retryFailed: false })
  })
})

describe('errors', () => {
  it('take the code of the first GraphQL error, or say the server was not reached', () => {
    expect(operationError(undefined)).toBeNull()
    expect(operationError({ message: '[GraphQL] No artist', graphQLErrors: [{ message: 'No artist', extensions: { code: 'NO_ARTISTS' } }] })).toEqual({ code: 'NO_ARTISTS', message: 'No artist' })
    expect(operationError({ message: '[Network] Failed to fetch', graphQLErrors: [] })).toEqual({ code: null, message: '[Network] Failed to fetch' })
    expect(operationError({ message: '[Network] Unauthorized', graphQLErrors: [], response: { status: 401 } })).toMatchObject({ code: 'UNAUTHENTICATED' })
  })
})
