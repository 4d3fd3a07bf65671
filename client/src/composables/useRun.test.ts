// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import type { Run, RunItem } from './useRun.ts'
import { useRun } from './useRun.ts'
import { fakeServer, withClient, type Answers } from './tclient.ts'

const runOf = (changes: Partial<Run> = {}): Run =>
  ({
    __typename: 'PortraitRun',
    id: 'r1',
    status: 'RUNNING',
    total: 3,
    done: 0,
    failed: 0,
    remaining: 3,
    tokens: 0,
    cost: null,
    currency: null,
    budgetTokens: null,
    budgetCost: null,
    pausedUntil: null,
    etaMs: null,
    language: 'en',
    length: 'MEDIUM',
    tone: 'NEUTRAL',
    createdAt: '2026-12-01T10:00:00.000Z',
    finishedAt: null,
    ...changes,
  }) as Run
const item = (name: string, status: RunItem['status']): RunItem =>
  ({ __typename: 'PortraitRunItem', id: name, position: 0, artist: { __typename: 'Artist', id: name, name }, status, attempts: 1, generationId: null, contradictions: null, error: null, tokens: 0, cost: 0 }) as RunItem

interface Items { writing: RunItem[]; failedItems: RunItem[]; toRead?: RunItem[] }
function runServer(answers: Partial<Answers> = {}, items = (): Items => ({ writing: [item('Björk', 'RUNNING')], failedItems: [] })) {
  return fakeServer({
    PortraitRun: () => ({ portraitRun: runOf() }),
    PortraitRunItems: () => {
      const { toRead = [], ...rest } = items()
      return { portraitRun: { __typename: 'PortraitRun', id: 'r1', ...rest, toRead, contradicted: toRead.length } }
    },
    ...answers,
  } as Answers)
}
const progress = (changes: Partial<Run>) => ({ portraitRunProgress: runOf(changes) })

describe('a run', () => {
  it('is read by its id, then followed live, with the artists being written read again as it moves on', async () => {
    let failed: RunItem[] = []
    let toRead: RunItem[] = []
    const server = runServer({}, () => ({ writing: [item('Björk', 'RUNNING')], failedItems: failed, toRead }))
    const { result: run, unmount } = withClient(server.client, () => useRun('r1'))
    await vi.waitFor(() => expect(run.writing.value.map((entry) => entry.artist.name)).toEqual(['Björk']))
    expect(run.loading.value).toBe(false)
    expect(run.actions.value).toEqual({ pause: true, resume: false, cancel: true, retryFailed: false })
    await vi.waitFor(() => expect(server.open('PortraitRunProgress')).toHaveLength(1))

    failed = [item('Cash', 'FAILED')]
    toRead = [{ ...item('Air', 'DONE'), contradictions: 2 }]
    server.push('PortraitRunProgress', progress({ done: 1, failed: 1, remaining: 1 }))
    expect(run.run.value?.done).toBe(1)
    await vi.waitFor(() => expect(run.failedItems.value.map((entry) => entry.artist.name)).toEqual(['Cash']))
    // A portrait written with statements the collection contradicts is listed to read first.
    expect(run.toRead.value.map((entry) => [entry.artist.name, entry.contradictions])).toEqual([['Air', 2]])
    expect(run.contradicted.value).toBe(1)
    expect(run.actions.value.retryFailed).toBe(true)

    // The server ends the stream with the run: it is not followed any more.
    server.push('PortraitRunProgress', progress({ status: 'COMPLETE', done: 2, failed: 1, remaining: 0 }))
    expect(run.actions.value).toEqual({ pause: false, resume: false, cancel: false, retryFailed: true })
    await vi.waitFor(() => expect(server.open('PortraitRunProgress')).toEqual([]))
    unmount()
  })

  it('shows the run a button’s mutation answers with, and reads it again when it had moved on meanwhile', async () => {
    let status: Run['status'] = 'RUNNING'
    const server = runServer({
      PortraitRun: () => ({ portraitRun: runOf({ status }) }),
      PausePortraitRun: () => ({ pausePortraitRun: runOf({ status: 'PAUSED' }) }),
      ResumePortraitRun: () => ({ errors: [{ message: 'The run is not paused.', extensions: { code: 'RUN_STATE' } }] }),
    })
    const { result: run, unmount } = withClient(server.client, () => useRun('r1'))
    await vi.waitFor(() => expect(run.run.value?.status).toBe('RUNNING'))
    await run.pause()
    expect(run.run.value?.status).toBe('PAUSED')
    expect(run.actions.value.resume).toBe(true)

    // Another tab cancelled it: Resume is refused, and the run is read as it is now.
    status = 'CANCELLED'
    await run.resume()
    expect(run.actionError.value).toEqual({ code: 'RUN_STATE', message: 'The run is not paused.' })
    await vi.waitFor(() => expect(run.run.value?.status).toBe('CANCELLED'))
    unmount()
  })

  it('says there is no such run', async () => {
    const missing = runServer({ PortraitRun: () => ({ portraitRun: null }) })
    const gone = withClient(missing.client, () => useRun('r9'))
    await vi.waitFor(() => expect(gone.result.loading.value).toBe(false))
    expect(gone.result.run.value).toBeNull()
    expect(gone.result.loadError.value).toBeNull()
    gone.unmount()
  })
})
