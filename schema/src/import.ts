import { GraphQLError } from 'graphql'
import { builder } from './builder.ts'
import type { ImportJob } from './services.ts'
import { requireToken } from './utils.ts'

const ImportStatus = builder.enumType('ImportStatus', {
  values: {
    RUNNING: {},
    COMPLETE: { description: 'Written: the counts say what changed.' },
    FAILED: { description: 'Nothing was written; `error` says why.' },
  },
})

const ImportPhase = builder.enumType('ImportPhase', {
  values: {
    LISTING: { description: 'Finding the audio files in the folder.' },
    READING: { description: 'Reading tags (folders) or rows (files): `filesRead` of `filesTotal`.' },
    WRITING: { description: 'Merging into the collection, in one transaction.' },
    DONE: {},
  },
})

const ImportProblem = builder.objectRef<ImportJob['problems'][number]>('ImportProblem').implement({
  description: 'A file or row the import skipped.',
  fields: (t) => ({
    source: t.exposeString('source', { description: 'A path inside the imported folder, or "line N" of a file.' }),
    message: t.exposeString('message'),
  }),
})

const ImportFailure = builder.objectRef<NonNullable<ImportJob['error']>>('ImportFailure').implement({
  fields: (t) => ({ code: t.exposeString('code'), message: t.exposeString('message') }),
})

const ImportJobRef = builder.objectRef<ImportJob>('ImportJob').implement({
  description: 'An import, running or finished: progress while it runs, then its report.',
  fields: (t) => ({
    id: t.exposeID('id'),
    source: t.exposeString('source', { description: 'The folder, the file name, or "demo collection".' }),
    status: t.field({ type: ImportStatus, resolve: (job) => job.status }),
    phase: t.field({ type: ImportPhase, resolve: (job) => job.phase }),
    filesTotal: t.exposeInt('filesTotal', { description: 'Audio files found (folders), or rows or entries (files).' }),
    filesRead: t.exposeInt('filesRead'),
    artistsAdded: t.exposeInt('artistsAdded'),
    artistsUpdated: t.exposeInt('artistsUpdated', { description: 'Existing artists completed with facts they lacked.' }),
    albumsAdded: t.exposeInt('albumsAdded'),
    albumsUpdated: t.exposeInt('albumsUpdated'),
    compilations: t.exposeInt('compilations', { description: 'Compilations left out: "Various Artists" is not an artist.' }),
    problems: t.field({ type: [ImportProblem], description: 'Files or rows skipped, the first 200.', resolve: (job) => job.problems }),
    problemCount: t.exposeInt('problemCount'),
    encoding: t.exposeString('encoding', {
      nullable: true,
      description: 'How the file was read: UTF-8, UTF-8 with BOM, UTF-16LE, UTF-16BE or Windows-1252 (bytes that are not UTF-8). Null for folders and the demo.',
    }),
    error: t.field({ type: ImportFailure, nullable: true, resolve: (job) => job.error }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
  }),
})

const ImportSettings = builder.objectRef<{ roots: readonly string[]; maxUploadBytes: number }>('ImportSettings').implement({
  fields: (t) => ({
    folders: t.stringList({
      description: 'Folders on the server that `importFolder` may read (IMPORT_ROOTS); listed to clients with a valid token only.',
      resolve: (settings, _args, ctx) => (ctx.authenticated ? [...settings.roots] : []),
    }),
    maxUploadBytes: t.exposeInt('maxUploadBytes'),
  }),
})

builder.queryFields((t) => ({
  importJob: t.field({
    type: ImportJobRef,
    nullable: true,
    description: 'An import started on any instance of this server, running or finished in the last hour.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => ctx.imports.job(String(id)),
  }),
  importSettings: t.field({ type: ImportSettings, resolve: (_root, _args, ctx) => ctx.imports }),
}))

builder.mutationFields((t) => ({
  importFile: t.field({
    type: ImportJobRef,
    description:
      'Imports an uploaded file (GraphQL multipart request): a Discogs collection export (CSV), a CSV with artist and album columns, or Portrait’s JSON, ' +
      'in any encoding `ImportJob.encoding` names. A malformed file is refused whole with INVALID_IMPORT_FILE before anything is written; ' +
      'a row the collection cannot take (a NUL byte, a name with U+FFFD) is skipped and listed in `problems`. Follow the job with `importProgress`.',
    args: { file: t.arg({ type: 'File', required: true }) },
    resolve: async (_root, { file }, ctx) => {
      requireToken(ctx)
      // The bytes, not file.text(): that decodes as UTF-8 and turns a Latin-1 "ö" into U+FFFD for good.
      return ctx.imports.importFile(file.name || 'upload', new Uint8Array(await file.arrayBuffer()))
    },
  }),
  importFolder: t.field({
    type: ImportJobRef,
    description: 'Imports a folder of tagged audio files (or a CSV/JSON file) on the server, inside one of `importSettings.folders`.',
    args: { path: t.arg.string({ required: true }) },
    resolve: (_root, { path }, ctx) => {
      requireToken(ctx)
      return ctx.imports.importPath(path)
    },
  }),
  loadDemoCollection: t.field({
    type: ImportJobRef,
    description: 'Imports the demo collection that ships with Portrait (78 artists), merged like any import.',
    resolve: (_root, _args, ctx) => {
      requireToken(ctx)
      return ctx.imports.importDemo()
    },
  }),
}))

builder.subscriptionField('importProgress', (t) =>
  t.field({
    type: ImportJobRef,
    description: 'An import as it runs: its state now, then as it changes (a few times a second at most), ending with its report.',
    args: { id: t.arg.id({ required: true }) },
    subscribe: async (_root, { id }, ctx) => {
      if (!(await ctx.imports.job(String(id)))) {
        throw new GraphQLError('No import runs under this id (reports are kept for an hour).', {
          extensions: { code: 'IMPORT_NOT_FOUND' },
        })
      }
      return ctx.imports.watch(String(id))
    },
    resolve: (job: ImportJob) => job,
  }),
)
