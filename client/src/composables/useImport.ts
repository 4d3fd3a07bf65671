import { useClientHandle, useQuery } from '@urql/vue'
import { computed, onScopeDispose, ref } from 'vue'
import { graphql } from '../gql/gql.ts'
import type { ImportJobFieldsFragment } from '../gql/graphql.ts'

graphql(`
  fragment ImportJobFields on ImportJob {
    id
    source
    status
    phase
    filesTotal
    filesRead
    artistsAdded
    artistsUpdated
    albumsAdded
    albumsUpdated
    compilations
    problemCount
    problems {
      source
      message
    }
    error {
      code
      message
    }
  }
`)

const ImportSettingsQuery = graphql(`
  query ImportSettings {
    importSettings {
      folders
      maxUploadBytes
    }
  }
`)

const ImportFileMutation = graphql(`
  mutation ImportFile($file: File!) {
    importFile(file: $file) {
      ...ImportJobFields
    }
  }
`)

const ImportFolderMutation = graphql(`
  mutation ImportFolder($path: String!) {
    importFolder(path: $path) {
      ...ImportJobFields
    }
  }
`)

const LoadDemoMutation = graphql(`
  mutation LoadDemoCollection {
    loadDemoCollection {
      ...ImportJobFields
    }
  }
`)

const ImportProgressSubscription = graphql(`
  subscription ImportProgress($id: ID!) {
    importProgress(id: $id) {
      ...ImportJobFields
    }
  }
`)

const ExportQuery = graphql(`
  query ExportCollection {
    exportCollection
  }
`)

export type ImportJob = ImportJobFieldsFragment

/** The server's import settings: which of its folders may be imported, how large an upload may be. */
export function useImportSettings() {
  const query = useQuery({ query: ImportSettingsQuery })
  return {
    folders: computed(() => query.data.value?.importSettings.folders ?? []),
    maxUploadBytes: computed(() => query.data.value?.importSettings.maxUploadBytes ?? null),
    refresh: () => query.executeQuery({ requestPolicy: 'network-only' }),
  }
}

/**
 * Starts imports and follows the current one to its report. `error` is a refusal before any
 * job ran (a malformed file, a folder outside the allowed ones); a job that fails carries its own.
 */
export function useImport(onFinished?: (job: ImportJob) => void) {
  const { client } = useClientHandle()
  const job = ref<ImportJob | null>(null)
  const error = ref<{ code: string | null; message: string } | null>(null)
  const starting = ref(false)
  let follow: { unsubscribe(): void } | null = null
  onScopeDispose(() => follow?.unsubscribe())

  /** Follows a job by id: its state now, then as it changes. An id the server no longer knows shows nothing. */
  const followJob = (id: string) => {
    follow?.unsubscribe()
    follow = client.subscription(ImportProgressSubscription, { id }).subscribe((result) => {
      const next = result.data?.importProgress
      if (next) job.value = next
      if (next && next.status !== 'RUNNING') onFinished?.(next)
    })
  }
  const watch = (started: ImportJob) => {
    job.value = started
    followJob(started.id)
  }

  async function start<T>(run: () => Promise<{ data?: T; error?: { graphQLErrors: { message: string; extensions?: Record<string, unknown> }[]; message: string } }>, pick: (data: T) => ImportJob) {
    starting.value = true
    error.value = null
    try {
      const result = await run()
      if (result.data) return watch(pick(result.data))
      const first = result.error?.graphQLErrors[0]
      error.value = { code: (first?.extensions?.code as string | undefined) ?? null, message: first?.message ?? result.error?.message ?? 'The import could not start.' }
    } finally {
      starting.value = false
    }
  }

  return {
    job,
    error,
    starting,
    running: computed(() => job.value?.status === 'RUNNING'),
    followJob,
    importFile: (file: File) => start(() => client.mutation(ImportFileMutation, { file }).toPromise(), (data) => data.importFile),
    importFolder: (path: string) => start(() => client.mutation(ImportFolderMutation, { path }).toPromise(), (data) => data.importFolder),
    loadDemo: () => start(() => client.mutation(LoadDemoMutation, {}).toPromise(), (data) => data.loadDemoCollection),
    /** The whole collection in Portrait's JSON format. */
    exportCollection: async () => (await client.query(ExportQuery, {}, { requestPolicy: 'network-only' }).toPromise()).data?.exportCollection ?? null,
  }
}
