import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { matchesFinished, sha256Hex } from './textCheck.ts'

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

describe('checking the streamed text against the finished article', () => {
  const finished = '# Miles Davis\n\nTrumpeter — *Kind of Blue*, 1959. Café 🎺\n'

  it('hashes as the server does (UTF-8, hex), accents and emoji included', async () => {
    expect(await sha256Hex(finished)).toBe(sha256(finished))
  })

  it('accepts the exact text', async () => {
    expect(await matchesFinished(finished, { length: finished.length, sha256: sha256(finished) })).toBe(true)
  })

  it('refuses a text with a chunk missing, or repeated', async () => {
    const expected = { length: finished.length, sha256: sha256(finished) }
    expect(await matchesFinished(finished.slice(0, 20) + finished.slice(30), expected)).toBe(false)
    expect(await matchesFinished(finished.slice(0, 30) + finished.slice(20), expected)).toBe(false)
  })

  it('refuses a text of the right length with different characters (shifted or wrong text)', async () => {
    const shifted = finished.slice(1) + ' '
    expect(shifted.length).toBe(finished.length)
    expect(await matchesFinished(shifted, { length: finished.length, sha256: sha256(finished) })).toBe(false)
  })
})
