// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { PortraitRunInput } from '../gql/graphql.ts'
import { fakeServer, withClient, type Answers } from './tclient.ts'
import { useRunForm } from './useRunForm.ts'

const defaults = { language: 'en', length: 'MEDIUM', tone: 'NEUTRAL' } as const
/** An estimate of 100 portraits in all, 7 of jazz, 10 of soul: 10,000 tokens and 1 EUR each. */
const estimateOf = ({ input }: Record<string, unknown>) => {
  const artists = { jazz: 7, soul: 10 }[(input as PortraitRunInput).genre ?? ''] ?? 100
  return { estimatePortraitRun: { artists, tokens: artists * 10_000, cost: artists, currency: 'EUR' } }
}
const genres: Answers = { Genres: () => ({ genres: ['jazz', 'soul'] }) }

describe('the run form', () => {
  it('shows the estimate of the choice once it rests, and drops answers to a choice since changed', async () => {
    const slow: ((value: unknown) => void)[] = []
    const server = fakeServer({
      ...genres,
      EstimatePortraitRun: (variables) => ((variables.input as PortraitRunInput).genre === 'jazz' ? new Promise((resolve) => slow.push(() => resolve(estimateOf(variables)))) : estimateOf(variables)),
    })
    const { result: run, unmount } = withClient(server.client, () => useRunForm(defaults))
    await vi.waitFor(() => expect(run.estimate.value?.artists).toBe(100))
    expect(run.estimating.value).toBe(false)

    run.form.scope = 'genre'
    run.form.genre = 'jazz'
    await nextTick()
    expect(run.estimating.value).toBe(true)
    await vi.waitFor(() => expect(slow).toHaveLength(1))
    // The reader picks another genre before the answer for jazz is in: jazz's answer is not shown.
    run.form.genre = 'soul'
    await vi.waitFor(() => expect(server.count('EstimatePortraitRun')).toBe(3))
    await vi.waitFor(() => expect(run.estimating.value).toBe(false))
    slow[0]!(undefined)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(run.estimate.value?.artists).toBe(10)
    expect(server.asked.at(-1)!.variables).toEqual({ input: { genre: 'soul', missingOnly: true, options: defaults } })
    unmount()
  })

  it('asks nothing while the genre its choice needs is not picked, nor for a budget, which only says how far it goes', async () => {
    const server = fakeServer({ ...genres, EstimatePortraitRun: estimateOf })
    const { result: run, unmount } = withClient(server.client, () => useRunForm(defaults))
    run.form.scope = 'genre'
    run.form.genre = ''
    await vi.waitFor(() => expect(run.estimating.value).toBe(false))
    expect(run.choice.value).toBeNull()
    expect(run.estimate.value).toBeNull()
    run.form.genre = 'soul'
    await vi.waitFor(() => expect(run.estimate.value?.artists).toBe(10))
    const asked = server.count('EstimatePortraitRun')
    run.form.budgetCost = '2,5'
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect(server.count('EstimatePortraitRun')).toBe(asked)
    expect(run.covers.value).toBe(2)
    unmount()
  })

  it('finds the form as it was left, and asks the estimate again when the server finds nothing left to write', async () => {
    const server = fakeServer({
      ...genres,
      EstimatePortraitRun: estimateOf,
      StartPortraitRun: () => ({ errors: [{ message: 'No artist is left to write.', extensions: { code: 'NO_ARTISTS' } }] }),
    })
    // The previous test left the form on soul, with a budget.
    const { result: run, unmount } = withClient(server.client, () => useRunForm(defaults))
    expect(run.form).toMatchObject({ scope: 'genre', genre: 'soul', budgetCost: '2,5' })
    await vi.waitFor(() => expect(run.estimate.value).not.toBeNull())
    const asked = server.count('EstimatePortraitRun')
    expect(await run.start()).toBeNull()
    expect(run.startError.value).toEqual({ code: 'NO_ARTISTS', message: 'No artist is left to write.' })
    expect(server.asked.find((operation) => operation.name === 'StartPortraitRun')!.variables).toEqual({
      input: { genre: 'soul', missingOnly: true, options: defaults, budgetCost: 2.5 },
    })
    await vi.waitFor(() => expect(server.count('EstimatePortraitRun')).toBe(asked + 1))
    unmount()
  })
})
