import { GraphQLError } from 'graphql'
import { ArticleLength, ArticleTone } from './article.ts'
import { ArtistRef } from './artist.ts'
import { builder } from './builder.ts'
import { ArticleOptionsInput } from './generation.ts'
import type { PortraitRun, PortraitRunItem, PortraitRunItemStatus as ItemStatus } from './services.ts'
import { isId, pageSize, requireToken } from './utils.ts'

const PortraitRunStatus = builder.enumType('PortraitRunStatus', {
  values: {
    QUEUED: { description: 'Accepted; no portrait started yet.' },
    RUNNING: {},
    PAUSED: { description: 'Paused by a person: the portraits being written finish, no new one starts until resumed.' },
    COMPLETE: { description: 'Every artist was tried: `failed` says how many did not get a portrait.' },
    CANCELLED: {},
    BUDGET_REACHED: { description: 'Stopped before the portrait that would have passed the budget.' },
    FAILED: { description: 'The run could not go on (the model refused every portrait, say); `failed` items say why.' },
  },
})

const PortraitRunItemStatus = builder.enumType('PortraitRunItemStatus', {
  values: { QUEUED: {}, RUNNING: {}, DONE: {}, FAILED: { description: 'Tried and retried; `error` says why.' }, CANCELLED: {} },
})

const RunError = builder.objectRef<NonNullable<PortraitRunItem['error']>>('PortraitRunItemError').implement({
  fields: (t) => ({ code: t.exposeString('code'), message: t.exposeString('message') }),
})

const PortraitRunItemRef = builder.objectRef<PortraitRunItem>('PortraitRunItem').implement({
  description: 'One artist of a run.',
  fields: (t) => ({
    id: t.exposeID('id'),
    position: t.exposeInt('position', { description: 'Its place in the run, from 0: the cursor of `items(after:)`.' }),
    artist: t.field({ type: ArtistRef, resolve: (item) => item.artist }),
    status: t.field({ type: PortraitRunItemStatus, resolve: (item) => item.status }),
    attempts: t.exposeInt('attempts'),
    generationId: t.exposeID('generationId', {
      nullable: true,
      description: 'The generation writing it (open it live with `generateArticle(resume: { generationId, offset: 0 })`), then the article it wrote.',
    }),
    error: t.field({ type: RunError, nullable: true, resolve: (item) => item.error }),
    tokens: t.exposeInt('tokens'),
    cost: t.exposeFloat('cost'),
    contradictions: t.exposeInt('contradictions', {
      nullable: true,
      description:
        'Statements of the portrait it wrote that the collection contradicted when it was written (see `Article.factChecks`, which re-checks against the collection as it is now); null until written.',
    }),
  }),
})

const PortraitRunRef = builder.objectRef<PortraitRun>('PortraitRun').implement({
  description: 'Portraits written for many artists, unattended, within a budget.',
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.field({ type: PortraitRunStatus, resolve: (run) => run.status }),
    language: t.string({ resolve: (run) => run.options.language }),
    length: t.field({ type: ArticleLength, resolve: (run) => run.options.length }),
    tone: t.field({ type: ArticleTone, resolve: (run) => run.options.tone }),
    total: t.exposeInt('total'),
    done: t.exposeInt('done'),
    failed: t.exposeInt('failed'),
    remaining: t.exposeInt('remaining'),
    tokens: t.exposeInt('tokens', { description: 'Prompt and completion tokens spent so far.' }),
    cost: t.exposeFloat('cost', { nullable: true, description: 'Spent so far in `currency`; null until prices are configured (LLM_PRICE_*).' }),
    currency: t.exposeString('currency', { nullable: true }),
    budgetTokens: t.exposeInt('budgetTokens', { nullable: true }),
    budgetCost: t.exposeFloat('budgetCost', { nullable: true }),
    pausedUntil: t.expose('pausedUntil', { type: 'DateTime', nullable: true, description: 'The provider asked to wait (429): nothing starts before then.' }),
    etaMs: t.exposeInt('etaMs', { nullable: true, description: 'Time left at the pace so far.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    finishedAt: t.expose('finishedAt', { type: 'DateTime', nullable: true }),
    items: t.field({
      type: [PortraitRunItemRef],
      description: 'The run’s artists in order, `first` at a time (1 to 100) after the `position` given.',
      args: {
        first: t.arg.int({ defaultValue: 50 }),
        after: t.arg.int({ description: 'The `position` of the last item of the previous page.' }),
        status: t.arg({ type: [PortraitRunItemStatus], description: 'Only items in these states.' }),
        contradicted: t.arg.boolean({ description: 'Only portraits the collection contradicts somewhere (true), or nowhere (false).' }),
      },
      resolve: (run, args, ctx) =>
        ctx.runs.items(run.id, pageSize(args.first, 50, 100), args.after ?? null, (args.status as ItemStatus[] | null | undefined) ?? null, args.contradicted ?? null),
    }),
    contradicted: t.int({
      description: 'How many of its portraits state something the collection contradicts: the ones to read first.',
      resolve: (run, _args, ctx) => ctx.runs.contradicted(run.id),
    }),
  }),
})

const PortraitRunEstimate = builder.objectRef<{ artists: number; tokens: number; cost: number | null; currency: string | null }>('PortraitRunEstimate').implement({
  fields: (t) => ({
    artists: t.exposeInt('artists', { description: 'Portraits the run would write.' }),
    tokens: t.exposeInt('tokens'),
    cost: t.exposeFloat('cost', { nullable: true, description: 'Null until prices are configured (LLM_PRICE_*).' }),
    currency: t.exposeString('currency', { nullable: true }),
  }),
})

const PortraitRunInput = builder.inputType('PortraitRunInput', {
  description: 'The artists to write for: those that pass every filter given (listed, matching the search, in the genre, without a portrait); every artist when none is given.',
  fields: (t) => ({
    artistIds: t.idList(),
    missingOnly: t.boolean({ defaultValue: true, description: 'Leave out artists who already have a complete portrait with these options.' }),
    search: t.string(),
    genre: t.string(),
    options: t.field({ type: ArticleOptionsInput, required: true }),
    budgetTokens: t.int({ description: 'Stop before the portrait that would spend more tokens than this.' }),
    budgetCost: t.float({ description: 'Stop before the portrait that would cost more than this, in the configured currency.' }),
  }),
})

const runId = (id: string | number) => {
  const value = String(id)
  if (!isId(value)) throw new GraphQLError('No portrait run has this id.', { extensions: { code: 'RUN_NOT_FOUND' } })
  return value
}

builder.queryFields((t) => ({
  estimatePortraitRun: t.field({
    type: PortraitRunEstimate,
    args: { input: t.arg({ type: PortraitRunInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.runs.estimate(input as never),
  }),
  portraitRun: t.field({
    type: PortraitRunRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, { id }, ctx) => (isId(String(id)) ? ctx.runs.run(String(id)) : null),
  }),
  portraitRuns: t.field({
    type: [PortraitRunRef],
    description: 'Runs, newest first.',
    args: { first: t.arg.int({ defaultValue: 20 }) },
    resolve: (_root, args, ctx) => ctx.runs.runs(pageSize(args.first, 20, 100)),
  }),
}))

builder.mutationFields((t) => ({
  startPortraitRun: t.field({
    type: PortraitRunRef,
    description: 'Queues a portrait for each chosen artist; the server writes them unattended, a few at a time, leaving room for people.',
    args: { input: t.arg({ type: PortraitRunInput, required: true }) },
    resolve: (_root, { input }, ctx) => {
      requireToken(ctx)
      return ctx.runs.start(input as never)
    },
  }),
  ...Object.fromEntries(
    (
      [
        ['pausePortraitRun', 'pause', 'The portraits being written finish; no new one starts.'],
        ['resumePortraitRun', 'resume', 'Goes on with a paused run where it stopped. A run that reached its budget stays ended: start a new one for the artists left.'],
        ['cancelPortraitRun', 'cancel', 'Stops the run: the portraits being written are cancelled (the model stops), the rest never start.'],
        ['retryFailedPortraits', 'retryFailed', 'Puts the run’s failed artists back in the queue (not for a cancelled run); the run goes on if it had ended.'],
      ] as const
    ).map(([name, method, description]) => [
      name,
      t.field({
        type: PortraitRunRef,
        description,
        args: { id: t.arg.id({ required: true }) },
        resolve: (_root, { id }, ctx) => {
          requireToken(ctx)
          return ctx.runs[method](runId(id))
        },
      }),
    ]),
  ),
}))

builder.subscriptionField('portraitRunProgress', (t) =>
  t.field({
    type: PortraitRunRef,
    description: 'A run as it goes: its state now, then each change of its counts or of its items (a portrait started, ended), about once a second at most, ending when the run ends.',
    args: { id: t.arg.id({ required: true }) },
    subscribe: async (_root, { id }, ctx) => {
      if (!(await ctx.runs.run(runId(id)))) throw new GraphQLError('No portrait run has this id.', { extensions: { code: 'RUN_NOT_FOUND' } })
      return ctx.runs.watch(String(id))
    },
    resolve: (run: PortraitRun) => run,
  }),
)
