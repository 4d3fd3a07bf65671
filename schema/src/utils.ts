import { GraphQLError } from 'graphql'
import type { ArtistPosition, Context } from './services.ts'

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Whether an ID can name a row at all; anything else is unknown without a database trip. */
export function isId(id: string): boolean {
  return uuid.test(id)
}

export function encodeCursor(position: ArtistPosition): string {
  return Buffer.from(JSON.stringify([position.sortKey, position.id])).toString('base64url')
}

/** Reads a cursor made by `encodeCursor`; anything else is the client's mistake, said plainly. */
export function decodeCursor(cursor: string): ArtistPosition {
  try {
    const [sortKey, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[]
    if (typeof sortKey === 'string' && typeof id === 'string' && isId(id)) return { sortKey, id }
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
