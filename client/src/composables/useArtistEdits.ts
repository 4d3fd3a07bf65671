import { useMutation } from '@urql/vue'
import { graphql } from '../gql/gql.ts'

const UpdateArtist = graphql(`
  mutation UpdateArtist($id: ID!, $input: UpdateArtistInput!) {
    updateArtist(id: $id, input: $input) {
      id
      name
      sortName
      country
      genres
      formedYear
      endedYear
      bio
    }
  }
`)

const DeleteArtist = graphql(`
  mutation DeleteArtist($id: ID!) {
    deleteArtist(id: $id)
  }
`)

/** Edits an artist's facts by hand (kept from later imports), or deletes it with its portraits. */
export function useArtistEdits() {
  return { update: useMutation(UpdateArtist), remove: useMutation(DeleteArtist) }
}
