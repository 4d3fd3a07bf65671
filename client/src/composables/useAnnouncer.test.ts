import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { useAnnouncer } from './useAnnouncer.ts'

describe('announcer', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('says one thing at a time, the latest, no sooner than its gap after the last', () => {
    const { message, announce } = useAnnouncer({ minGapMs: 1500 })
    announce('Writing the portrait of Björk.')
    expect(message.value).toBe('Writing the portrait of Björk.')
    announce('Section written: At a glance.')
    announce('Section written: The story.')
    expect(message.value).toBe('Writing the portrait of Björk.')
    vi.advanceTimersByTime(1499)
    expect(message.value).toBe('Writing the portrait of Björk.')
    vi.advanceTimersByTime(1)
    // Overtaken before its turn, a section is not read: the one after it is.
    expect(message.value).toBe('Section written: The story.')
  })

  it('says an urgent thing at once', () => {
    const { message, announce } = useAnnouncer({ minGapMs: 1500 })
    announce('Writing the portrait of Björk.')
    announce('Portrait cancelled.', { urgent: true })
    expect(message.value).toBe('Portrait cancelled.')
    vi.advanceTimersByTime(5000)
    expect(message.value).toBe('Portrait cancelled.')
  })
})
