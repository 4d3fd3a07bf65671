import { homedir } from 'node:os'
import { isAbsolute } from 'node:path'
import { z } from 'zod'

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'use true or false' })
  .transform((value) => ['true', '1', 'yes'].includes(value))

const ms = (fallback: number) => z.coerce.number().int().min(0).default(fallback)

const Env = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
    HOST: z.string().min(1).default('127.0.0.1'),
    PORT: z.coerce.number().int().min(0).max(65_535).default(4000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/, message: 'expected postgresql://user@host:port/database' })
      .optional(),
    DATA_DIR: z.string().min(1).default('data'),
    REDIS_URL: z.url({ protocol: /^rediss?$/, message: 'expected redis://host:port' }).optional(),
    REDIS_PREFIX: z.string().min(1).default('portrait:'),
    GENERATION_LEASE_MS: z.coerce.number().int().min(300).default(3000),
    GRAPHIQL: bool.default(true),
    SHUTDOWN_TIMEOUT_MS: ms(5_000),
    MAX_QUERY_DEPTH: z.coerce.number().int().min(2).default(8),
    MAX_QUERY_COST: z.coerce.number().int().min(1).default(5_000),
    MAX_ALIASES: z.coerce.number().int().min(0).default(15),
    API_TOKENS: z
      .string()
      .transform((value) => value.split(',').map((token) => token.trim()).filter(Boolean))
      .refine((tokens) => tokens.every((token) => token.length >= 16), 'each token needs at least 16 characters')
      .optional(),
    READ_REQUIRES_TOKEN: bool.default(false),
    ALLOW_ANONYMOUS_GENERATION: bool.default(false),
    CORS_ORIGINS: z
      .string()
      .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean))
      .refine((origins) => origins.every((origin) => URL.canParse(origin) && new URL(origin).origin === origin), 'expected origins such as https://portrait.example.org, comma-separated')
      .optional(),
    MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(100_000),
    MAX_RESPONSE_BYTES: z.coerce.number().int().min(10_000).default(50_000_000),
    ALLOWED_HOSTS: z
      .string()
      .transform((value) => value.split(',').map((host) => host.trim().toLowerCase()).filter(Boolean))
      .refine((hosts) => hosts.every((host) => /^(\*\.)?[a-z0-9.:[\]-]+$/.test(host)), 'expected host names such as portrait.example.org or *.example.org, comma-separated')
      .optional(),
    TRUST_PROXY: z
      .string()
      .transform((value) => value.split(',').map((entry) => entry.trim()).filter(Boolean))
      .refine((entries) => entries.length === 1 || entries.every((entry) => !/^\d+$/.test(entry) && !['true', 'false'].includes(entry)), 'expected false, a number of proxy hops, or addresses and CIDR ranges (loopback, 10.0.0.0/8), comma-separated')
      .optional(),
    MAX_PENDING_STREAMS_PER_CLIENT: z.coerce.number().int().min(1).default(1000),
    MAX_STREAMS_PER_CLIENT: z.coerce.number().int().min(1).default(1000),
    MAX_CONCURRENT_UPLOADS: z.coerce.number().int().min(1).default(2),
    IMPORT_ROOTS: z
      .string()
      .transform((value) => value.split(',').map((root) => root.trim()).filter(Boolean))
      .refine((roots) => roots.every((root) => isAbsolute(root)), 'expected absolute folder paths, comma-separated')
      .optional(),
    IMPORT_MAX_BYTES: z.coerce.number().int().min(1024).default(20_000_000),
    INTROSPECTION: bool.default(true),
    LLM_BASE_URL: z.url({ protocol: /^https?$/, message: 'expected an http(s) URL such as https://api.openai.com/v1' }).optional(),
    LLM_API_KEY: z.string().optional(),
    LLM_MODEL: z.string().min(1).optional(),
    LLM_STREAM_USAGE: bool.default(true),
    LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
    LLM_RETRY_BASE_MS: ms(500),
    LLM_IDLE_TIMEOUT_MS: ms(30_000),
    LLM_TOTAL_TIMEOUT_MS: ms(600_000),
    LLM_BREAKER_THRESHOLD: z.coerce.number().int().min(1).default(5),
    LLM_BREAKER_COOLDOWN_MS: ms(30_000),
    LLM_MAX_TOKENS_PARAM: z.enum(['auto', 'max_tokens', 'max_completion_tokens', 'none']).default('auto'),
    OFFLINE_WRITER_TOKENS_PER_SECOND: z.coerce.number().positive().default(40),
    GENERATION_LINGER_MS: ms(5_000),
    GENERATION_RETENTION_MS: z.coerce.number().int().min(1000).default(600_000),
    GENERATION_CHECKPOINT_MS: z.coerce.number().int().min(100).default(2_000),
    GENERATION_SAVE_RETRY_MS: ms(30_000),
    GENERATION_MAX_READER_LAG_CHARS: z.coerce.number().int().min(1).default(262_144),
    RATE_LIMIT_GENERATIONS: z.coerce.number().int().min(1).default(10),
    RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(1000).default(60_000),
    MAX_CONCURRENT_GENERATIONS: z.coerce.number().int().min(1).default(8),
    RESERVED_FOR_PEOPLE: z.coerce.number().int().min(1).default(1),
    RUN_CONCURRENCY: z.coerce.number().int().min(1).max(32).default(2),
    RUN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
    RUN_HEARTBEAT_MS: z.coerce.number().int().min(200).default(5_000),
    LLM_PRICE_INPUT_PER_MTOK: z.coerce.number().min(0).optional(),
    LLM_PRICE_OUTPUT_PER_MTOK: z.coerce.number().min(0).optional(),
    LLM_PRICE_CURRENCY: z.string().min(1).max(8).default('USD'),
  })
  .superRefine((env, ctx) => {
    const loopback = ['127.0.0.1', '::1', 'localhost'].includes(env.HOST)
    if (!loopback && !env.API_TOKENS?.length && !env.ALLOW_ANONYMOUS_GENERATION) {
      ctx.addIssue({
        code: 'custom',
        path: ['HOST'],
        message: 'binding beyond this machine lets anyone spend model tokens: set API_TOKENS, or ALLOW_ANONYMOUS_GENERATION=true to accept that',
      })
    }
    if (env.REDIS_URL && !env.DATABASE_URL) {
      ctx.addIssue({ code: 'custom', path: ['REDIS_URL'], message: 'several instances need a shared database: set DATABASE_URL (PostgreSQL) too' })
    }
    if (env.READ_REQUIRES_TOKEN && !env.API_TOKENS?.length) {
      ctx.addIssue({ code: 'custom', path: ['READ_REQUIRES_TOKEN'], message: 'needs API_TOKENS' })
    }
    if (env.LLM_BASE_URL && !env.LLM_MODEL) {
      ctx.addIssue({ code: 'custom', path: ['LLM_MODEL'], message: 'required when LLM_BASE_URL is set (the model name)' })
    }
  })
  .transform((env) => ({
    env: env.NODE_ENV,
    host: env.HOST,
    port: env.PORT,
    logLevel: env.LOG_LEVEL,
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    redis: env.REDIS_URL ? { url: env.REDIS_URL, prefix: env.REDIS_PREFIX, leaseMs: env.GENERATION_LEASE_MS } : null,
    graphiql: env.GRAPHIQL,
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    auth: {
      tokens: env.API_TOKENS ?? [],
      readRequiresToken: env.READ_REQUIRES_TOKEN,
      anonymousGeneration: env.ALLOW_ANONYMOUS_GENERATION,
    },
    corsOrigins: env.CORS_ORIGINS ?? [],
    // The names this server answers to: a page that rebinds its own name to this machine's address
    // sends its name, and is refused before anything runs.
    allowedHosts: [...new Set([...(env.ALLOWED_HOSTS ?? []), 'localhost', '127.0.0.1', '[::1]', env.HOST.toLowerCase()])],
    trustProxy: trustProxy(env.TRUST_PROXY),
    maxBodyBytes: env.MAX_BODY_BYTES,
    maxResponseBytes: env.MAX_RESPONSE_BYTES,
    maxPendingStreamsPerClient: env.MAX_PENDING_STREAMS_PER_CLIENT,
    maxStreamsPerClient: env.MAX_STREAMS_PER_CLIENT,
    maxConcurrentUploads: env.MAX_CONCURRENT_UPLOADS,
    imports: {
      // On this machine only, the person running it may import from their own home by default.
      roots: env.IMPORT_ROOTS ?? (['127.0.0.1', '::1', 'localhost'].includes(env.HOST) ? [homedir()] : []),
      maxUploadBytes: env.IMPORT_MAX_BYTES,
    },
    introspection: env.INTROSPECTION,
    limits: { maxDepth: env.MAX_QUERY_DEPTH, maxCost: env.MAX_QUERY_COST, maxAliases: env.MAX_ALIASES },
    llm: env.LLM_BASE_URL
      ? {
          baseURL: env.LLM_BASE_URL,
          apiKey: env.LLM_API_KEY,
          model: env.LLM_MODEL!,
          streamUsage: env.LLM_STREAM_USAGE,
          maxRetries: env.LLM_MAX_RETRIES,
          retryBaseMs: env.LLM_RETRY_BASE_MS,
          idleTimeoutMs: env.LLM_IDLE_TIMEOUT_MS,
          totalTimeoutMs: env.LLM_TOTAL_TIMEOUT_MS,
          breakerThreshold: env.LLM_BREAKER_THRESHOLD,
          breakerCooldownMs: env.LLM_BREAKER_COOLDOWN_MS,
          maxTokensParam: env.LLM_MAX_TOKENS_PARAM,
        }
      : null,
    offlineWriter: { tokensPerSecond: env.OFFLINE_WRITER_TOKENS_PER_SECOND },
    hub: { lingerMs: env.GENERATION_LINGER_MS, maxReaderLagChars: env.GENERATION_MAX_READER_LAG_CHARS },
    checkpointMs: env.GENERATION_CHECKPOINT_MS,
    saveRetryMs: env.GENERATION_SAVE_RETRY_MS,
    retentionMs: env.GENERATION_RETENTION_MS,
    generationLimits: {
      perClient: env.RATE_LIMIT_GENERATIONS,
      windowMs: env.RATE_LIMIT_WINDOW_MS,
      concurrent: env.MAX_CONCURRENT_GENERATIONS,
      reservedForPeople: env.RESERVED_FOR_PEOPLE,
    },
    runs: {
      concurrency: env.RUN_CONCURRENCY,
      maxAttempts: env.RUN_MAX_ATTEMPTS,
      heartbeatMs: env.RUN_HEARTBEAT_MS,
      prices:
        env.LLM_PRICE_INPUT_PER_MTOK !== undefined || env.LLM_PRICE_OUTPUT_PER_MTOK !== undefined
          ? { inputPerMTok: env.LLM_PRICE_INPUT_PER_MTOK ?? 0, outputPerMTok: env.LLM_PRICE_OUTPUT_PER_MTOK ?? 0, currency: env.LLM_PRICE_CURRENCY }
          : null,
    },
  }))

/** TRUST_PROXY as proxy-addr takes it: off, a number of hops, or the proxies' addresses and ranges. */
function trustProxy(entries: string[] | undefined): false | number | string[] {
  if (!entries?.length || (entries.length === 1 && ['false', '0'].includes(entries[0]!))) return false
  if (entries.length === 1 && /^\d+$/.test(entries[0]!)) return Number(entries[0])
  return entries
}

export type Config = z.output<typeof Env>

/** Thrown with one line per bad variable, so the whole fix is visible at once. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Reads and validates the configuration from environment variables; empty strings count as unset. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const env = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''))
  const result = Env.safeParse(env)
  if (result.success) return result.data
  const lines = result.error.issues.map((issue) => {
    const name = String(issue.path[0])
    return `  ${shown(name, source[name])}: ${issue.message}`
  })
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`)
}

/**
 * Names whose values are secrets whatever they hold (API_TOKENS, LLM_API_KEY), as opposed to
 * settings about tokens (LLM_MAX_TOKENS_PARAM); error messages end up in logs and terminals.
 */
const SECRET_NAME = /(^|_)(TOKENS?|KEYS?|SECRETS?|PASSWORDS?)$/

/**
 * A variable as an error may print it: its value when harmless, a URL without its credentials
 * (user, password, query values such as `?password=`), and a secret or unreadable URL not at all.
 */
function shown(name: string, value: string | undefined): string {
  if (SECRET_NAME.test(name)) return `${name} (value not shown)`
  if (!name.endsWith('_URL')) return `${name}=${JSON.stringify(value ?? '')}`
  if (value === undefined) return `${name}=""`
  if (!URL.canParse(value)) return `${name} (value not shown)`
  const url = new URL(value)
  if (url.username || url.password) {
    url.password = ''
    url.username = '***'
    if (url.password) return `${name} (value not shown)`
  }
  for (const key of new Set(url.searchParams.keys())) url.searchParams.set(key, '***')
  url.hash = ''
  return `${name}=${JSON.stringify(url.href)}`
}
