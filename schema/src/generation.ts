import { builder } from './builder.ts'
import { ArticleLength, ArticleRef, ArticleTone, Timings, Usage } from './article.ts'
import { FactCheckRef } from './facts.ts'
import { ArtistRef } from './artist.ts'
import type {
  Context,
  GenerateRequest,
  GenerationInfo,
  ArticleChunkEvent,
  ArticleDoneEvent,
  ArticleErrorEvent,
  ArticleEvent,
  ArticleMetadataEvent,
  ArticleThinkingEvent,
  ArticleFactCheckEvent,
} from './services.ts'
import { isId, requireToken } from './utils.ts'

const targetWordsDescription = 'The length in words it aims at: the requested length, or what the offline writer planned.'

interface RequestArgs {
  artistId: string | number
  options?: { language?: string | null; length?: GenerateRequest['options']['length'] | null; tone?: GenerateRequest['options']['tone'] | null } | null
  regenerate?: boolean | null
  resume?: { generationId: string | number; offset: number } | null
}

/** The service request for `generateArticle` and `startGeneration` arguments, defaults applied. */
function request(args: RequestArgs, ctx: Context): GenerateRequest {
  return {
    artistId: String(args.artistId),
    options: {
      language: args.options?.language ?? 'en',
      length: args.options?.length ?? 'MEDIUM',
      tone: args.options?.tone ?? 'NEUTRAL',
    },
    regenerate: args.regenerate ?? false,
    resume: args.resume ? { generationId: String(args.resume.generationId), offset: args.resume.offset } : null,
    clientId: ctx.clientId,
    authenticated: ctx.authenticated,
  }
}

export const ArticleOptionsInput = builder.inputType('ArticleOptions', {
  fields: (t) => ({
    language: t.string({
      defaultValue: 'en',
      description: 'A BCP 47 language tag ("en", "fr", "pt-BR"...): any language the model writes. The offline writer writes "en" and "fr".',
    }),
    length: t.field({ type: ArticleLength, defaultValue: 'MEDIUM' }),
    tone: t.field({ type: ArticleTone, defaultValue: 'NEUTRAL' }),
  }),
})

const ResumeInput = builder.inputType('ResumeFrom', {
  description: 'Where a reader stopped: the stream continues after this character offset.',
  fields: (t) => ({
    generationId: t.id({ required: true }),
    offset: t.int({ required: true }),
  }),
})

const ArticleMetadata = builder.objectRef<ArticleMetadataEvent>('ArticleMetadata').implement({
  description: 'First event of every stream: what is being written, and by what.',
  fields: (t) => ({
    generationId: t.exposeID('generationId'),
    artist: t.field({ type: ArtistRef, resolve: (event) => event.artist }),
    model: t.exposeString('model'),
    offline: t.exposeBoolean('offline', {
      description: 'True when the built-in offline writer composes the text from collection data, not a language model.',
    }),
    language: t.string({ resolve: (event) => event.options.language }),
    length: t.field({ type: ArticleLength, resolve: (event) => event.options.length }),
    tone: t.field({ type: ArticleTone, resolve: (event) => event.options.tone }),
    targetWords: t.exposeInt('targetWords', { description: targetWordsDescription }),
    fromSaved: t.exposeBoolean('fromSaved', { description: 'Served from a saved article: no model call.' }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
  }),
})

const ArticleThinking = builder.objectRef<ArticleThinkingEvent>('ArticleThinking').implement({
  description:
    'The model is reasoning before it writes: sent when it starts and about once a second until the first ArticleChunk, ' +
    'and at once to a reader who joins meanwhile. Its reasoning itself is never sent or saved.',
  fields: (t) => ({
    generationId: t.exposeID('generationId'),
    since: t.expose('since', { type: 'DateTime', description: 'When the reasoning began.' }),
    elapsedMs: t.exposeInt('elapsedMs', { description: 'How long it has been reasoning, when this event was sent.' }),
  }),
})

const ArticleChunk = builder.objectRef<ArticleChunkEvent>('ArticleChunk').implement({
  description: 'New text. Deltas joined in `seq` order make the article; `offset` is where this one starts.',
  fields: (t) => ({
    generationId: t.exposeID('generationId'),
    seq: t.exposeInt('seq'),
    offset: t.exposeInt('offset'),
    delta: t.exposeString('delta'),
  }),
})

const ArticleDone = builder.objectRef<ArticleDoneEvent>('ArticleDone').implement({
  description: 'Last event of a successful stream, with the saved article.',
  fields: (t) => ({
    generationId: t.exposeID('generationId'),
    article: t.field({ type: ArticleRef, resolve: (event) => event.article }),
    finishReason: t.exposeString('finishReason'),
    length: t.exposeInt('length', {
      description: 'Characters in the article, counted as chunk offsets are (UTF-16 code units): what a reader that received every chunk holds.',
    }),
    sha256: t.exposeString('sha256', {
      description: 'SHA-256 of the article’s text (UTF-8), in hex: a reader can check the text it joined from chunks without receiving it again.',
    }),
    usage: t.field({ type: Usage, resolve: (event) => event.article, deprecationReason: 'Use `article { usage }`: the same values.' }),
    timings: t.field({ type: Timings, resolve: (event) => event.article, deprecationReason: 'Use `article { timings }`: the same values.' }),
  }),
})

const ArticleErrorCode = builder.enumType('ArticleErrorCode', {
  values: {
    ARTIST_NOT_FOUND: { description: 'No artist has this id.' },
    INVALID_OPTIONS: { description: 'The options cannot be honoured (for example an unsupported language).' },
    RATE_LIMITED: { description: 'Too many generations: retry after `retryAfterMs`.' },
    UPSTREAM_UNAVAILABLE: { description: 'The model provider failed or is unreachable.' },
    UPSTREAM_TIMEOUT: { description: 'The model stopped sending text, or took too long.' },
    UPSTREAM_REJECTED: { description: 'The model provider refused the request (configuration or content).' },
    CONTENT_FILTERED: { description: 'The model provider’s content filter stopped the text. Not retryable as is.' },
    EMPTY_RESPONSE: { description: 'The model ended without writing any text (a reasoning model may have spent its whole budget thinking).' },
    CANCELLED: { description: 'A reader cancelled the generation.' },
    UNAUTHENTICATED: { description: 'Writing a new article needs an API token (`Authorization: Bearer <token>`).' },
    READER_TOO_SLOW: { description: 'This reader fell too far behind; resume from the last offset received.' },
    NOT_SAVED_YET: {
      description:
        'The article is written but the database could not save it yet: its text is kept and saved once the database answers, and asking again serves it without writing it anew. Retry after `retryAfterMs`.',
    },
    CLUSTER_UNAVAILABLE: {
      description:
        'This instance cannot reach the state the instances share (Redis): a generation running elsewhere cannot be joined, nor a new one started. Saved articles are still served. Retry after `retryAfterMs`.',
    },
    INTERNAL: { description: 'An unexpected server error.' },
  },
})

const ArticleError = builder.objectRef<ArticleErrorEvent>('ArticleError').implement({
  description:
    'Last event of a failed stream; a request rejected before any generation starts gets it alone. ' +
    'Text written before a failure is saved under the generation id of the metadata event.',
  fields: (t) => ({
    code: t.field({ type: ArticleErrorCode, resolve: (event) => event.code }),
    message: t.exposeString('message', { description: 'Safe to show to a reader.' }),
    retryable: t.exposeBoolean('retryable'),
    retryAfterMs: t.exposeInt('retryAfterMs', { nullable: true }),
  }),
})

const ArticleFactCheck = builder.objectRef<ArticleFactCheckEvent>('ArticleFactCheck').implement({
  description:
    'The checks of the blocks of text (paragraphs, headings, list items, tables) the reader has just received in full, sent after their last chunk; ' +
    'on a resume, for the blocks that end after the resume offset. Together they are the article’s `factChecks`.',
  fields: (t) => ({
    generationId: t.exposeID('generationId'),
    checks: t.field({ type: [FactCheckRef], resolve: (event) => event.checks }),
  }),
})

const kinds = {
  metadata: ArticleMetadata,
  thinking: ArticleThinking,
  chunk: ArticleChunk,
  factCheck: ArticleFactCheck,
  done: ArticleDone,
  error: ArticleError,
} as const

const ArticleEventRef = builder.unionType('ArticleEvent', {
  types: [ArticleMetadata, ArticleThinking, ArticleChunk, ArticleFactCheck, ArticleDone, ArticleError],
  resolveType: (event: ArticleEvent) => kinds[event.kind],
})

builder.subscriptionType({})
builder.subscriptionField('generateArticle', (t) =>
  t.field({
    type: ArticleEventRef,
    description:
      'Writes a portrait of an artist and streams it as it is written: one ArticleMetadata, ArticleThinking while a reasoning model thinks, ArticleChunks (each finished block followed by its ArticleFactCheck, when it states something the collection can check), then one ArticleDone or ArticleError. ' +
      'An ArticleDone whose article has status TRUNCATED means the model stopped at its length limit. ' +
      'A saved article with the same options is streamed back without a model call unless `regenerate` is true. ' +
      'Readers asking for a generation already running share it.',
    args: {
      artistId: t.arg.id({ required: true }),
      options: t.arg({ type: ArticleOptionsInput }),
      regenerate: t.arg.boolean({ defaultValue: false }),
      resume: t.arg({ type: ResumeInput }),
    },
    subscribe: (_root, args, ctx) => ctx.articles.generate(request(args, ctx)),
    resolve: (event: ArticleEvent) => event,
  }),
)

builder.mutationType({})
builder.mutationField('cancelGeneration', (t) =>
  t.boolean({
    description: 'Stops a running generation now, for every reader, and the model call with it. False when none runs under this id.',
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => {
      requireToken(ctx)
      return isId(String(id)) ? ctx.articles.cancel(String(id)) : false
    },
  }),
)

const GenerationStatus = builder.enumType('GenerationStatus', {
  values: ['RUNNING', 'COMPLETE', 'TRUNCATED', 'CANCELLED', 'FAILED'] as const,
})

const GenerationRef = builder.objectRef<GenerationInfo>('Generation').implement({
  description: 'A generation, running or finished. Poll `text(from:)` to follow one without an event stream.',
  fields: (t) => ({
    id: t.exposeID('id'),
    artist: t.field({ type: ArtistRef, resolve: (generation) => generation.artist }),
    model: t.exposeString('model'),
    offline: t.exposeBoolean('offline'),
    language: t.string({ resolve: (generation) => generation.options.language }),
    length: t.field({ type: ArticleLength, resolve: (generation) => generation.options.length }),
    tone: t.field({ type: ArticleTone, resolve: (generation) => generation.options.tone }),
    status: t.field({ type: GenerationStatus, resolve: (generation) => generation.status }),
    readers: t.exposeInt('readers', { description: 'Readers following it now.' }),
    writtenLength: t.exposeInt('length', { description: 'Characters written so far.' }),
    writtenWords: t.int({ description: 'Words written so far: with `targetWords`, how far along it is.', resolve: (generation) => generation.words() }),
    targetWords: t.exposeInt('targetWords', { description: targetWordsDescription }),
    startedAt: t.expose('startedAt', { type: 'DateTime' }),
    text: t.string({
      description: 'The text from a character offset (what a poller has not seen yet).',
      args: { from: t.arg.int({ defaultValue: 0 }) },
      resolve: (generation, { from }) => generation.text(Math.max(0, from ?? 0)),
    }),
  }),
})

builder.queryFields((t) => ({
  generation: t.field({
    type: GenerationRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => (isId(String(id)) ? ctx.articles.generation(String(id)) : null),
  }),
  activeGenerations: t.field({
    type: [GenerationRef],
    description: 'Generations the answering server instance is running now (with several instances, each lists its own).',
    resolve: (_root, _args, ctx) => ctx.articles.activeGenerations(),
  }),
}))

builder.objectField(ArticleRef, 'generation', (t) =>
  t.field({
    type: GenerationRef,
    nullable: true,
    description: 'The generation writing this article, while it runs (its status is then WRITING); reading it does not keep it alive.',
    resolve: (article, _args, ctx) => (article.status === 'WRITING' ? ctx.articles.running(article.id) : null),
  }),
)

const StartGenerationResult = builder.unionType('StartGenerationResult', {
  types: [GenerationRef, ArticleError],
  resolveType: (result) => ('kind' in result ? ArticleError : GenerationRef),
})

builder.mutationField('startGeneration', (t) =>
  t.field({
    type: StartGenerationResult,
    description:
      'Starts (or joins) a generation without an event stream, for clients that cannot hold one open: ' +
      'follow it by polling `generation(id) { status text(from:) }` at least every few seconds, which keeps it alive.',
    args: {
      artistId: t.arg.id({ required: true }),
      options: t.arg({ type: ArticleOptionsInput }),
      regenerate: t.arg.boolean({ defaultValue: false }),
    },
    resolve: (_root, args, ctx) => {
      requireToken(ctx)
      return ctx.articles.start(request(args, ctx))
    },
  }),
)
