import type { AddressInfo } from 'node:net'
import { openDatabase } from '@portrait/prisma'
import { createCollection } from './collection.ts'
import type { Config } from './config.ts'
import { hostname } from 'node:os'
import { RateLimiterRedis } from 'rate-limiter-flexible'
import { createArticles } from './generation/articles.ts'
import { createFactChecks } from './generation/fact-checks.ts'
import { limiterOptions } from './generation/admission.ts'
import { failAbandoned, saveArticle } from './generation/persist.ts'
import { connectRedis } from './redis.ts'
import { createMetrics } from './metrics.ts'
import { createHub } from './generation/hub/hub.ts'
import { createCluster } from './generation/hub/cluster.ts'
import { createRedisStore } from './generation/hub/redis-store.ts'
import { createRedisTransport } from './generation/hub/redis-transport.ts'
import { createRedisUnsaved } from './generation/hub/redis-unsaved.ts'
import { OfflineWriter } from './generation/offline-writer.ts'
import { OpenAIWriter } from './generation/openai-writer.ts'
import { createCoverHandler } from './covers/serve.ts'
import { createHttpServer } from './http.ts'
import { createImportJobs } from './import/jobs.ts'
import { createRuns } from './runs/runs.ts'
import type { Logger } from './logger.ts'
import { createGraphQLWsHandler } from './streams/graphql-ws.ts'
import { createSingleConnectionHandler } from './streams/single-connection.ts'
import { createTokenCheck } from './auth.ts'
import { createClientAddress } from './guards/client-address.ts'
import { checkApiRequest } from './guards/request-guard.ts'
import { createStreamQuota } from './guards/stream-quota.ts'
import { createApp, originHeaders } from './yoga.ts'
import { createFolderBrowser } from './folders.ts'

export interface RunningServer {
  url: string
  /** Stops accepting, ends open streams, closes the database. Safe to call twice. */
  close(): Promise<void>
}

/** Opens the database (migrating it if needed), then serves the API and the web app. */
export async function startServer(config: Config, parentLogger: Logger): Promise<RunningServer> {
  const instanceId = `${hostname()}-${process.pid}`
  const logger = parentLogger.child({ instance: instanceId })
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, onStaleLock: (line) => logger.warn(line) })
  try {
    const applied = await db.migrate()
    if (applied.length) logger.info({ applied }, 'applied database migrations')
  } catch (error) {
    await db.close()
    throw error
  }
  const collection = createCollection(db.prisma)
  const writer = config.llm ? new OpenAIWriter(config.llm) : new OfflineWriter(config.offlineWriter)
  let redis: Awaited<ReturnType<typeof connectRedis>> | null = null
  if (config.redis) {
    try {
      redis = await connectRedis(config.redis.url)
    } catch (error) {
      await db.close()
      throw error
    }
  }
  const warn = (error: unknown, message: string) => logger.warn({ err: error ?? undefined }, message)
  const leaseMs = config.redis?.leaseMs ?? 3000
  const hub = createHub({
    ...config.hub,
    instanceId,
    warn,
    // One process runs the hub's core alone; with Redis, generations are shared between instances.
    cluster: redis
      ? createCluster({
          store: createRedisStore({ redis: redis.redis, prefix: config.redis!.prefix, leaseMs, retentionMs: config.retentionMs }),
          transport: createRedisTransport({ ...redis, prefix: config.redis!.prefix, onError: (error) => warn(error, 'reading generation streams failed') }),
          leaseMs,
          rescue: async (generation) => void (await saveArticle(db.prisma, generation, 'FAILED')),
        })
      : undefined,
  })
  const metrics = createMetrics()
  metrics.watch(hub)
  const limiter = redis
    ? new RateLimiterRedis({ storeClient: redis.redis, keyPrefix: `${config.redis!.prefix}limit`, ...limiterOptions(config.generationLimits) })
    : undefined
  const articles = createArticles({
    prisma: db.prisma, writer, hub, logger, metrics, limits: config.generationLimits, limiter, checkpointMs: config.checkpointMs,
    saveRetryMs: config.saveRetryMs,
    unsaved: redis ? createRedisUnsaved({ redis: redis.redis, prefix: config.redis!.prefix }) : undefined,
    sharedStateUp: redis ? ((client) => () => client.status === 'ready')(redis.redis) : undefined,
  })
  // Rows left WRITING by a writer that died (a killed process) become FAILED, text kept. On its
  // embedded database this process is alone, so none of them is still written; on a shared one it
  // waits until a row has missed its checkpoints and the hub knows no owner for it.
  const quietMs = db.kind === 'pglite' ? 0 : 2 * config.checkpointMs + leaseMs
  const sweep = () =>
    // A row whose finished text waits for the database is not abandoned: it is about to be saved.
    failAbandoned(db.prisma, quietMs, async (id) => (await hub.writing(id)) || (await articles.held(id))).then(
      (failed) => failed && logger.warn({ failed }, 'marked unfinished articles of stopped writers FAILED'),
      (error: unknown) => warn(error, 'checking for unfinished articles failed'),
    )
  await sweep()
  const sweeper = setInterval(() => void sweep(), Math.max(30_000, quietMs))
  sweeper.unref()
  const imports = createImportJobs({ prisma: db.prisma, logger, instanceId, alone: db.kind === 'pglite', ...config.imports })
  const clientAddress = createClientAddress(config.trustProxy)
  const guard = { allowedHosts: config.allowedHosts, corsOrigins: config.corsOrigins }
  const facts = createFactChecks(db.prisma)
  let runs: Awaited<ReturnType<typeof createRuns>>
  try {
    runs = await createRuns({ db, articles, logger, instanceId, alone: db.kind === 'pglite', model: writer.model, facts: facts.service, ...config.runs })
  } catch (error) {
    await imports.close()
    await articles.shutdown()
    await redis?.close()
    await db.close()
    throw error
  }
  const app = createApp({ config, logger, metrics, services: { collection, articles: facts.withChecks(articles), imports, folders: createFolderBrowser(config.imports.roots), facts: facts.service, runs }, clientAddress })
  const hasToken = createTokenCheck(config.auth.tokens)
  const stream = createSingleConnectionHandler({
    execute: async (request, req) => app.fetch(request, { req }),
    originHeaders: originHeaders(config),
    mayReserve: (req) => !config.auth.readRequiresToken || hasToken(req.headers.authorization),
    maxBodyBytes: config.maxBodyBytes,
    maxPendingPerClient: config.maxPendingStreamsPerClient,
    clientOf: clientAddress,
  })
  const sockets = createGraphQLWsHandler({
    app,
    refuse: (req) => checkApiRequest('GET', req.headers, guard),
    mayConnect: (authorization) => !config.auth.readRequiresToken || hasToken(authorization),
    maxPayloadBytes: config.maxBodyBytes,
  })
  const http = createHttpServer({
    app,
    covers: createCoverHandler(db.prisma),
    stream,
    upgrade: sockets.handleUpgrade,
    quota: createStreamQuota(config.maxStreamsPerClient, clientAddress),
    guard,
    metrics: async () => ({ type: metrics.registry.contentType, body: await metrics.registry.metrics() }),
    health: async () => {
      const [up, redisUp] = await Promise.all([db.ping(), redis ? redis.redis.ping().then(() => true, () => false) : null])
      return {
        ok: up && redisUp !== false,
        instance: instanceId,
        database: { kind: db.kind, status: up ? 'up' : 'down' },
        ...(redisUp === null ? {} : { redis: { status: redisUp ? 'up' : 'down' } }),
      }
    },
  })
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject)
    // A crowd arriving at once waits in the kernel's queue rather than being refused (Node's default is 511).
    http.listen({ port: config.port, host: config.host, backlog: 4096 }, () => resolve())
  })
  const { port } = http.address() as AddressInfo
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  const url = `http://${host}:${port}`
  logger.info({ url, database: db.kind, model: writer.model, offline: writer.offline }, 'portrait is listening')
  if (!config.auth.tokens.length && config.auth.anonymousGeneration && !['127.0.0.1', '::1', 'localhost'].includes(config.host)) {
    logger.warn({ host: config.host }, 'listening beyond this machine without API_TOKENS: anyone who reaches it can spend model tokens')
  }

  let closing: Promise<void> | undefined
  return {
    url,
    close() {
      closing ??= (async () => {
        // Running generations end first: readers get their error event and partial text is saved.
        clearInterval(sweeper)
        // Portraits of runs go back to the queue before their generations are cancelled with the rest.
        await runs.close()
        await articles.shutdown()
        await imports.close()
        stream.close()
        await sockets.close()
        const closed = new Promise<void>((resolve) => http.close(() => resolve()))
        http.closeIdleConnections()
        // Streams still open after the grace period are cut rather than holding the exit.
        const force = setTimeout(() => http.closeAllConnections(), config.shutdownTimeoutMs)
        await closed
        clearTimeout(force)
        await app.dispose()
        await redis?.close()
        await db.close()
      })()
      return closing
    },
  }
}
