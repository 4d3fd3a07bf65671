import { useMutation } from '@urql/vue'
import type { CombinedError } from '@urql/vue'
import { graphql } from '../gql/gql.ts'

const AddAlbum = graphql(`
  mutation AddAlbum($artistId: ID!, $input: AlbumInput!) {
    addAlbum(artistId: $artistId, input: $input) {
      id
      title
      year
      label
      format
    }
  }
`)

const UpdateAlbum = graphql(`
  mutation UpdateAlbum($id: ID!, $input: AlbumInput!) {
    updateAlbum(id: $id, input: $input) {
      id
      title
      year
      label
      format
    }
  }
`)

const DeleteAlbum = graphql(`
  mutation DeleteAlbum($id: ID!) {
    deleteAlbum(id: $id)
  }
`)

/** Adds, edits or deletes an artist's album by hand, under the same rules as the API. */
export function useAlbumEdits() {
  return { add: useMutation(AddAlbum), update: useMutation(UpdateAlbum), remove: useMutation(DeleteAlbum) }
}

/** A refusal of the server as the form shows it: its typed code, the field at fault, its message. */
export interface EditRefusal {
  code: string | null
  field: string | null
  message: string
}

export function editRefusal(error: CombinedError): EditRefusal {
  const first = error.graphQLErrors[0]
  const status = (error.response as { status?: number } | undefined)?.status
  return {
    code: (first?.extensions?.code as string | undefined) ?? (status === 401 ? 'UNAUTHENTICATED' : null),
    field: (first?.extensions?.field as string | undefined) ?? null,
    message: first?.message ?? error.message,
  }
}
