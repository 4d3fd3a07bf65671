import { useClientHandle } from '@urql/vue'
import { ref, shallowRef } from 'vue'
import { graphql } from '../gql/gql.ts'
import type { ImportFoldersQuery } from '../gql/graphql.ts'

const ImportFolders = graphql(`
  query ImportFolders($path: String) {
    importFolders(path: $path) {
      path
      parent
      folders {
        name
        path
      }
    }
  }
`)

export type FolderListing = ImportFoldersQuery['importFolders']

/** Browses the folders the server may import from (IMPORT_ROOTS), one level at a time. */
export function useFolders() {
  const { client } = useClientHandle()
  const listing = shallowRef<FolderListing | null>(null)
  const error = ref<{ code: string | null; message: string } | null>(null)
  const loading = ref(false)
  let asked = 0

  /** Lists the roots (no path), or the subfolders of a folder inside one. */
  async function open(path: string | null) {
    const run = ++asked
    loading.value = true
    const result = await client.query(ImportFolders, { path }, { requestPolicy: 'network-only' }).toPromise()
    if (run !== asked) return
    loading.value = false
    if (result.error || !result.data) {
      const first = result.error?.graphQLErrors[0]
      const status = (result.error?.response as { status?: number } | undefined)?.status
      error.value = { code: (first?.extensions?.code as string | undefined) ?? (status === 401 ? 'UNAUTHENTICATED' : null), message: first?.message ?? result.error?.message ?? '' }
      return
    }
    error.value = null
    listing.value = result.data.importFolders
  }

  return { listing, error, loading, open }
}
