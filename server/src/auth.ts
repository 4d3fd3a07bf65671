import { createHash, timingSafeEqual } from 'node:crypto'

const digest = (value: string) => createHash('sha256').update(value).digest()

/**
 * Checks `Authorization: Bearer <token>` against the configured tokens in constant time: every
 * token is compared, through fixed-length digests, whatever matches first.
 */
export function createTokenCheck(tokens: readonly string[]): (authorization: string | null | undefined) => boolean {
  const expected = tokens.map(digest)
  return (authorization) => {
    const presented = digest(/^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1]?.trim() ?? '')
    let match = false
    for (const token of expected) match = timingSafeEqual(token, presented) || match
    return match
  }
}
