import { GraphQLError } from 'graphql'
import { builder } from './builder.ts'
import type { FolderEntry, FolderListing } from './services.ts'
import { requireToken } from './utils.ts'

const FolderRef = builder.objectRef<FolderEntry>('Folder').implement({
  description: 'A folder on the server, inside an import root.',
  fields: (t) => ({
    name: t.exposeString('name'),
    path: t.exposeString('path', { description: 'What `importFolder` takes.' }),
  }),
})

const FolderListingRef = builder.objectRef<FolderListing>('FolderListing').implement({
  fields: (t) => ({
    path: t.exposeString('path', { nullable: true, description: 'The folder listed; null for the list of import roots.' }),
    parent: t.exposeString('parent', { nullable: true, description: 'The folder above, while still inside an import root.' }),
    folders: t.field({ type: [FolderRef], resolve: (listing) => listing.folders }),
  }),
})

builder.queryField('importFolders', (t) =>
  t.field({
    type: FolderListingRef,
    description:
      'The folders `importFolder` may read, to pick one instead of typing its path: without `path`, the import roots (IMPORT_ROOTS); ' +
      'with it, its subfolders. A path outside the roots is refused with IMPORT_PATH_NOT_ALLOWED. Needs the API token, like importFolder.',
    args: { path: t.arg.string() },
    resolve: (_root, { path }, ctx) => {
      requireToken(ctx)
      if (!ctx.folders) throw new GraphQLError('This server does not list folders.', { extensions: { code: 'IMPORT_FOLDERS_DISABLED' } })
      return ctx.folders.list(path ?? null)
    },
  }),
)
