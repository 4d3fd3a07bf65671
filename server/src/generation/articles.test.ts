import { openDatabase, type Database } from '@portrait/prisma'
import type { ArticleEvent, GenerateRequest } from '@portrait/schema/services'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createFakeModel } from '../../test/fake-model.ts'
import { seededDataDir } from '../../test/tserver.ts'
import { loadConfig } from '../config.ts'
import { createLogger } from '../logger.ts'
import { createArticles, type Articles } from './articles.ts'
import { createHub, type GenerationHub } from './hub/hub.ts'
import { OpenAIWriter } from './openai-writer.ts'
import { keyOf } from './request.ts'

describe('starting a generation', () => {
  const model = createFakeModel()
  const queries: { at: number }[] = []
  let db: Database
  let remove: () => void
  let articles: Articles
  let hub: GenerationHub
  let artistIds: string[]

  beforeAll(async () => {
    await model.listen()
    const dir = await seededDataDir()
    remove = dir.remove
    db = await openDatabase({ dataDir: dir.dataDir, onQuery: () => queries.push({ at: performance.now() }) })
    artistIds = (await db.prisma.artist.findMany({ select: { id: true } })).map((artist) => artist.id)
    hub = createHub({ lingerMs: 0 })
    const config = loadConfig({ LLM_BASE_URL: model.url, LLM_MODEL: 'fake-model', LOG_LEVEL: 'silent' })
    // No checkpoint during these short generations: only the start's queries come before the model.
    articles = createArticles({ prisma: db.prisma, writer: new OpenAIWriter(config.llm!), hub, logger: createLogger('silent'), checkpointMs: 600_000 })
  })
  afterAll(async () => {
    await articles.shutdown()
    await db.close()
    await model.close()
    remove()
  })

  const request = (artistId: string, extra: Partial<GenerateRequest> = {}): GenerateRequest => ({
    artistId,
    options: { language: 'en', length: 'MEDIUM', tone: 'NEUTRAL' },
    regenerate: false,
    resume: null,
    clientId: 'test',
    authenticated: true,
    ...extra,
  })

  /** Reads a stream to its end; `queriesBefore` counts the database queries made before the model was called (all of them when it was not). */
  async function read(generate: GenerateRequest) {
    queries.length = 0
    const calls = model.requests.length
    const events: ArticleEvent[] = []
    for await (const event of articles.generate(generate)) events.push(event)
    const called = model.requests[calls]
    return { events, called: Boolean(called), queriesBefore: queries.filter((query) => !called || query.at < called.startedAt).length }
  }

  it('costs one database round trip before the model is called, and none to join a running one', async () => {
    model.setDefault({ tokens: 40, paceMs: 5 })
    const [fresh, again] = artistIds
    const started = read(request(fresh!, { regenerate: true }))
    // Joining while it runs: the hub knows it, the database is not asked.
    await new Promise((resolve) => setTimeout(resolve, 60))
    const before = queries.length
    const joining: ArticleEvent[] = []
    let queriesToJoin = -1
    for await (const event of articles.generate(request(fresh!))) {
      // Counted at its first event: the generation's own saving comes later.
      if (!joining.length) queriesToJoin = queries.length - before
      joining.push(event)
    }
    expect(joining[0]).toMatchObject({ kind: 'metadata', fromSaved: false })
    expect(queriesToJoin).toBe(0)
    expect(joining.at(-1)).toMatchObject({ kind: 'done' })

    const first = await started
    expect(first.called).toBe(true)
    expect(first.queriesBefore).toBe(1)

    // Not regenerating, with nothing saved for these options: the same single query looks for it.
    const french = { language: 'fr', length: 'SHORT', tone: 'NEUTRAL' } as const
    const second = await read(request(again!, { options: french }))
    expect(second.called).toBe(true)
    expect(second.queriesBefore).toBe(1)

    // Saved now (once the hub has let the finished generation go): served from that one query, no model call.
    while (await hub.byKey(keyOf(again!, french))) await new Promise((resolve) => setTimeout(resolve, 10))
    const saved = await read(request(again!, { options: french }))
    expect(saved.called).toBe(false)
    expect(saved.queriesBefore).toBe(1)
    expect(saved.events[0]).toMatchObject({ kind: 'metadata', fromSaved: true })

    // Resuming a finished generation: its saved text, from the offset, from the same single query.
    const generationId = (first.events[0] as { generationId: string }).generationId
    const resumed = await read(request(fresh!, { resume: { generationId, offset: 12 } }))
    expect(resumed.called).toBe(false)
    expect(resumed.queriesBefore).toBe(1)
    expect(resumed.events[1]).toMatchObject({ kind: 'chunk', offset: 12 })
  })
})
