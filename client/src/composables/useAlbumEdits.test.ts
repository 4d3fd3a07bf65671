import { CombinedError } from '@urql/core'
import { GraphQLError } from 'graphql'
import { describe, expect, it } from 'vitest'
import { editRefusal } from './useAlbumEdits.ts'

describe('a refused album edit', () => {
  it('gives the form the server’s code, the field at fault and its message', () => {
    const error = new CombinedError({ graphQLErrors: [new GraphQLError('The year must be between 1000 and 2999.', { extensions: { code: 'INVALID_ALBUM', field: 'year' } })] })
    expect(editRefusal(error)).toEqual({ code: 'INVALID_ALBUM', field: 'year', message: 'The year must be between 1000 and 2999.' })
  })

  it('tells a missing token by the answer’s status, and a server out of reach by having no code', () => {
    const unauthorized = new CombinedError({ networkError: new Error('Unauthorized'), response: { status: 401 } })
    expect(editRefusal(unauthorized)).toMatchObject({ code: 'UNAUTHENTICATED', field: null })
    expect(editRefusal(new CombinedError({ networkError: new Error('Failed to fetch') }))).toEqual({ code: null, field: null, message: '[Network] Failed to fetch' })
  })
})
