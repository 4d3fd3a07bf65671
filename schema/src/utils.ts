import { GraphQLError } from 'graphql'
import type { ArtistPosition, Context } from './services.ts'

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Whether an ID can name a row at all; anything else is unknown without a database trip. */
export function isId(id: string): boolean {
  return uuid.test(id)
}

/** The cursor of a position: name order keeps the plain `[sortKey, id]` form older clients hold. */
export function encodeCursor(position: ArtistPosition): string {
  const parts =
    position.order === 'RECENT' ? ['r', position.createdAt.getTime(), position.id]
    : position.order === 'ALBUMS' ? ['a', position.offset]
    : [position.sortKey, position.id]
  return Buffer.from(JSON.stringify(parts)).toString('base64url')
}

/** Reads a cursor made by `encodeCursor`; anything else is the client's mistake, said plainly. */
export function decodeCursor(cursor: string): ArtistPosition {
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[]
    const [a, b, c] = parts
    if (parts.length === 2 && a === 'a' && Number.isInteger(b) && (b as number) >= 0) return { order: 'ALBUMS', offset: b as number }
    if (parts.length === 3 && a === 'r' && typeof b === 'number' && typeof c === 'string' && isId(c)) return { order: 'RECENT', createdAt: new Date(b), id: c }
    if (parts.length === 2 && typeof a === 'string' && typeof b === 'string' && isId(b)) return { order: 'NAME', sortKey: a, id: b }
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError('Invalid cursor: pass the `cursor` of an edge or `pageInfo.endCursor` unchanged.', {
    extensions: { code: 'BAD_CURSOR' },
  })
}

/** Rejects a page size outside [1, max] with a message that names the bounds. */
export function pageSize(first: number | null | undefined, fallback: number, max: number): number {
  const size = first ?? fallback
  if (!Number.isInteger(size) || size < 1 || size > max) {
    throw new GraphQLError(`\`first\` must be between 1 and ${max}.`, { extensions: { code: 'BAD_USER_INPUT' } })
  }
  return size
}

/** Refuses an operation that spends model tokens or changes state without a valid API token. */
export function requireToken(ctx: Context): void {
  if (!ctx.authenticated) {
    throw new GraphQLError('This operation needs an API token: send `Authorization: Bearer <token>`.', {
      extensions: { code: 'UNAUTHENTICATED' },
    })
  }
}
