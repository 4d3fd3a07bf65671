import type { Album, Article as ArticleRow, Artist } from '@portrait/prisma'

export type { Album, Artist }

/** A saved article as services return it: its row, with what the domain derives from it. */
export interface Article extends ArticleRow {
  /** Words, as the web app counts them for its progress. */
  wordCount: number
  /** Completion tokens per second of streaming, when the provider counted them. */
  tokensPerSecond: number | null
}

/** How the collection list is ordered. */
export type ArtistOrder = 'NAME' | 'RECENT' | 'ALBUMS'
export type AlbumFormatName = Album['format']

/** What narrows the collection list; the same filters give the same counts. */
export interface ArtistFilter {
  /** Case- and accent-insensitive text matched against name and sort name. */
  search?: string | null
  genre?: string | null
  /** Artists holding at least one album in this format. */
  format?: AlbumFormatName | null
  /** true: artists with a finished portrait; false: without one. */
  portrait?: boolean | null
}

/** A page of artists in the order asked, keyed by the position of the last one seen. */
export interface ArtistPageArgs extends ArtistFilter {
  first: number
  order?: ArtistOrder
  /** Name order only: start at the first artist whose sort key is at or after these letters. */
  startsAt?: string | null
  after?: ArtistPosition | null
}

/** Where an artist sits in the listing order; cursors encode it. */
export type ArtistPosition =
  | { order?: 'NAME'; /** The folded sort name the listing orders by. */ sortKey: string; id: string }
  | { order: 'RECENT'; createdAt: Date; id: string }
  | { order: 'ALBUMS'; /** Artists before the next page. */ offset: number }

export interface ArtistPage {
  artists: Artist[]
  hasNextPage: boolean
}

/** Counts over every page of a filter, for the list's header and its A–Z index. */
export interface ArtistCounts {
  artists: number
  /** Albums of the matching artists (of the format filtered on, if any). */
  albums: number
  /** Matching artists per initial of the sort key: "A"…"Z", and "#" for the rest, in order. */
  letters: { letter: string; count: number }[]
}

/** The facts of an artist a person may set; absent fields stay as they are. */
export interface ArtistFields {
  name?: string
  sortName?: string | null
  country?: string | null
  genres?: string[]
  formedYear?: number | null
  endedYear?: number | null
  bio?: string | null
  links?: { label: string; url: string }[]
}

export interface AlbumFields {
  title?: string
  year?: number | null
  label?: string | null
  format?: Album['format']
}

/** The collection: read access, and edits by hand. Batch methods answer in the order of their keys. */
export interface CollectionService {
  listArtists(args: ArtistPageArgs): Promise<ArtistPage>
  /** Cached and checked against a cheap fingerprint of the tables, so paging does not recount. */
  artistCounts(filter: ArtistFilter): Promise<ArtistCounts>
  /** Number of albums of each artist. */
  albumCounts(artistIds: readonly string[]): Promise<number[]>
  album(id: string): Promise<Album | null>
  artist(id: string): Promise<Artist | null>
  article(id: string): Promise<Article | null>
  genres(): Promise<string[]>
  albumsOf(artistIds: readonly string[]): Promise<Album[][]>
  latestArticles(keys: readonly { artistId: string; language: string }[]): Promise<(Article | null)[]>
  /** Every article of each artist, whatever its status, newest first. */
  portraitsOf(artistIds: readonly string[]): Promise<Article[][]>
  createArtist(fields: ArtistFields & { name: string }): Promise<Artist>
  /** Marks the fields it sets as edited by hand, so no import changes them again. */
  updateArtist(id: string, fields: ArtistFields): Promise<Artist>
  /** Deletes an artist with its albums and portraits; false when none has this id. */
  deleteArtist(id: string): Promise<boolean>
  addAlbum(artistId: string, fields: AlbumFields & { title: string }): Promise<Album>
  updateAlbum(id: string, fields: AlbumFields): Promise<Album>
  deleteAlbum(id: string): Promise<boolean>
  /** The whole collection in our JSON format, as `npm run export` writes it. */
  exportCollection(): Promise<string>
}

export type ImportStatus = 'RUNNING' | 'COMPLETE' | 'FAILED'
export type ImportPhase = 'LISTING' | 'READING' | 'WRITING' | 'DONE'

/** An import, running or finished: its progress, then its report. */
export interface ImportJob {
  id: string
  /** What is imported: a folder's path, a file's name, or "demo collection". */
  source: string
  status: ImportStatus
  phase: ImportPhase
  /** Audio files found (folders) or rows and entries read (files). */
  filesTotal: number
  filesRead: number
  artistsAdded: number
  artistsUpdated: number
  albumsAdded: number
  albumsUpdated: number
  /** Compilations left out, as they name no artist of their own. */
  compilations: number
  problems: { source: string; message: string }[]
  problemCount: number
  /** How an imported file's bytes were read ("UTF-8", "Windows-1252"…); null for folders and the demo. */
  encoding: string | null
  error: { code: string; message: string } | null
  startedAt: Date
  finishedAt: Date | null
}

/** Brings collections in. Errors it throws before a job starts are the request's, typed. */
export interface ImportService {
  /** Folders the server may import from (IMPORT_ROOTS). */
  roots: readonly string[]
  /** The largest file an upload may carry. */
  maxUploadBytes: number
  /** A folder of audio files, or a CSV/JSON file, on the server, inside an import root. */
  importPath(path: string): Promise<ImportJob>
  /**
   * A Discogs CSV export, a plain CSV, or our JSON, as the bytes of the file (its encoding is
   * detected); refused whole, before any write, when malformed.
   */
  importFile(name: string, content: Uint8Array): Promise<ImportJob>
  /** The demo collection that ships with Portrait. */
  importDemo(): Promise<ImportJob>
  /** A job started on any instance, running or finished in the last hour. */
  job(id: string): Promise<ImportJob | null>
  /** The job now, then as it changes, until it ends. Nothing for an unknown id. */
  watch(id: string): AsyncIterable<ImportJob>
}

export type ArticleLength = Article['length']
export type ArticleTone = Article['tone']

/** What a reader asks to be written. */
export interface ArticleOptions {
  /** A BCP 47 language tag, such as "en", "fr" or "pt-BR". */
  language: string
  length: ArticleLength
  tone: ArticleTone
}

export interface GenerateRequest {
  artistId: string
  options: ArticleOptions
  /** Write anew even when a saved article matches. */
  regenerate: boolean
  /** Continue a stream already begun: events resume after this character offset. */
  resume?: { generationId: string; offset: number } | null
  /** Who asks (an address), for per-client limits on starting generations. */
  clientId: string
  /** Whether the request may start a paid generation (it carried a valid token, or none is needed). */
  authenticated: boolean
  /**
   * Asked by a portrait run, not a person: not counted against a client's rate, but never given
   * the last `reservedForPeople` generation slots.
   */
  background?: boolean
}

/** A generation seen from outside its streams: for polling, and for operators. */
export interface GenerationInfo {
  id: string
  artist: Artist
  model: string
  offline: boolean
  options: ArticleOptions
  /** A saved row still WRITING whose writer runs nowhere is seen as FAILED. */
  status: 'RUNNING' | Exclude<Article['status'], 'WRITING'>
  /** Readers following it now. */
  readers: number
  /** Characters written so far. */
  length: number
  /** Words written so far, counted as the web app counts them (a count over the whole text: asked for only when wanted). */
  words(): number
  /** The length in words it aims at (see ArticleMetadata.targetWords). */
  targetWords: number
  startedAt: Date
  /** The text from a character offset. */
  text(from: number): string
}

export type ArticleErrorCode =
  | 'ARTIST_NOT_FOUND'
  | 'INVALID_OPTIONS'
  | 'RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_REJECTED'
  | 'CONTENT_FILTERED'
  | 'EMPTY_RESPONSE'
  | 'CANCELLED'
  | 'UNAUTHENTICATED'
  | 'READER_TOO_SLOW'
  | 'NOT_SAVED_YET'
  | 'CLUSTER_UNAVAILABLE'
  | 'INTERNAL'

export interface ArticleMetadataEvent {
  kind: 'metadata'
  generationId: string
  artist: Artist
  model: string
  /** True when the text comes from the built-in offline writer, not a language model. */
  offline: boolean
  options: ArticleOptions
  targetWords: number
  fromSaved: boolean
  startedAt: Date
}

/** The model is reasoning before its first text; sent again about once a second while it does. */
export interface ArticleThinkingEvent {
  kind: 'thinking'
  generationId: string
  /** When the reasoning began. */
  since: Date
  elapsedMs: number
}

export interface ArticleChunkEvent {
  kind: 'chunk'
  generationId: string
  seq: number
  offset: number
  delta: string
}

export interface ArticleDoneEvent {
  kind: 'done'
  generationId: string
  article: Article
  finishReason: string
  /** The article's length, in the units of chunk offsets (UTF-16 code units). */
  length: number
  /** SHA-256 of the article's text (UTF-8), in hex. */
  sha256: string
}

export interface ArticleErrorEvent {
  kind: 'error'
  generationId: string | null
  code: ArticleErrorCode
  message: string
  retryable: boolean
  retryAfterMs: number | null
}

/** A statement of a portrait the collection can check, and its verdict (see the FactCheck type). */
export interface FactCheck {
  start: number
  end: number
  kind: 'ALBUM_YEAR' | 'FORMED_YEAR' | 'ENDED_YEAR' | 'COUNTRY'
  subject: string
  stated: string
  expected: string
  status: 'CONFIRMED' | 'CONTRADICTED'
}

/** The checks of the blocks of text a reader has just received in full. */
export interface ArticleFactCheckEvent {
  kind: 'factCheck'
  generationId: string
  checks: FactCheck[]
}

/** The events of one article stream: metadata, thinking while the model reasons, chunks and their fact checks, then done or error. */
export type ArticleEvent = ArticleMetadataEvent | ArticleThinkingEvent | ArticleChunkEvent | ArticleFactCheckEvent | ArticleDoneEvent | ArticleErrorEvent

/** Checks portraits against the collection. */
export interface FactService {
  /** The checkable statements of a saved article, against the collection as it is now. */
  checksOf(article: Article): Promise<FactCheck[]>
}

/** Writes articles. Streams end by themselves after their done or error event. */
export interface ArticleService {
  generate(request: GenerateRequest): AsyncIterable<ArticleEvent>
  /** Stops a running generation for all its readers; false when none runs under that id. */
  cancel(generationId: string): Promise<boolean>
  /**
   * Starts (or joins) a generation without streaming it, for clients that follow by polling
   * `generation(id)`; each poll keeps it alive as a reader would.
   */
  start(request: GenerateRequest): Promise<GenerationInfo | ArticleErrorEvent>
  /** A running generation, or the saved article of a finished one. */
  generation(id: string): Promise<GenerationInfo | null>
  /** The generation under this id while it runs, on any instance; unlike `generation`, reading it keeps nothing alive. */
  running(id: string): Promise<GenerationInfo | null>
  activeGenerations(): Promise<GenerationInfo[]>
}

/** What every resolver receives. The server builds it per request. */
/** A folder on the server under an import root, as the folder browser lists it. */
export interface FolderEntry {
  name: string
  path: string
}

export interface FolderListing {
  /** The folder listed; null for the list of import roots itself. */
  path: string | null
  /** The folder above, while it is still inside an import root; null at a root. */
  parent: string | null
  folders: FolderEntry[]
}

/** Lists folders under the import roots, so a reader can pick one instead of typing its path. */
export interface FolderService {
  /** The roots when `path` is null; else the subfolders of `path`, which must be inside a root. */
  list(path: string | null): Promise<FolderListing>
}

export interface Context {
  collection: CollectionService
  articles: ArticleService
  facts: FactService
  imports: ImportService
  /** Absent where a server was built without it (tests): the folder browser is then refused. */
  folders?: FolderService
  runs: PortraitRunService
  /** Who sent the request (the client's address), for rate limits. */
  clientId: string
  /** The request carried a valid API token, or the server needs none. */
  authenticated: boolean
}

/** Which artists a portrait run writes for: the union of a list, a search and a genre, or every artist. */
export interface PortraitRunInput {
  artistIds?: string[] | null
  /** Only artists without a complete portrait in the run's options (language, length, tone). */
  missingOnly?: boolean | null
  search?: string | null
  genre?: string | null
  options: ArticleOptions
  budgetTokens?: number | null
  budgetCost?: number | null
}

export interface PortraitRunEstimate {
  artists: number
  /** Prompt and completion tokens, estimated from the portraits already written with this model when there are some. */
  tokens: number
  /** In `currency`; null until prices are configured. */
  cost: number | null
  currency: string | null
}

export type PortraitRunStatus = 'QUEUED' | 'RUNNING' | 'PAUSED' | 'COMPLETE' | 'CANCELLED' | 'BUDGET_REACHED' | 'FAILED'
export type PortraitRunItemStatus = 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED' | 'CANCELLED'

export interface PortraitRunItem {
  id: string
  position: number
  artist: Artist
  status: PortraitRunItemStatus
  attempts: number
  generationId: string | null
  error: { code: string; message: string } | null
  tokens: number
  cost: number
  /** Statements of its portrait the collection contradicted when it was written; null until written. */
  contradictions: number | null
}

export interface PortraitRun {
  id: string
  status: PortraitRunStatus
  options: ArticleOptions
  total: number
  done: number
  failed: number
  remaining: number
  tokens: number
  cost: number | null
  currency: string | null
  budgetTokens: number | null
  budgetCost: number | null
  /** The provider asked to wait until then (429 Retry-After). */
  pausedUntil: Date | null
  /** Estimated from the pace so far; null before the first portrait ends. */
  etaMs: number | null
  createdAt: Date
  finishedAt: Date | null
}

export interface PortraitRunService {
  estimate(input: PortraitRunInput): Promise<PortraitRunEstimate>
  start(input: PortraitRunInput): Promise<PortraitRun>
  run(id: string): Promise<PortraitRun | null>
  runs(first: number): Promise<PortraitRun[]>
  items(runId: string, first: number, after: number | null, status: PortraitRunItemStatus[] | null, contradicted?: boolean | null): Promise<PortraitRunItem[]>
  /** How many of its portraits state something the collection contradicts. */
  contradicted(runId: string): Promise<number>
  pause(id: string): Promise<PortraitRun>
  resume(id: string): Promise<PortraitRun>
  cancel(id: string): Promise<PortraitRun>
  /** Puts failed items back in the queue. */
  retryFailed(id: string): Promise<PortraitRun>
  /** The run now, then each time it changes, until it ends. */
  watch(id: string): AsyncIterable<PortraitRun>
}
