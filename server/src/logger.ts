import pino, { type Logger } from 'pino'

export type { Logger }

/** Paths never written to the logs, wherever they appear. */
const secrets = ['apiKey', 'LLM_API_KEY', 'API_TOKENS', 'authorization', 'headers.authorization', 'tokens']

export function createLogger(level: string, bindings: Record<string, unknown> = {}): Logger {
  return pino({
    level,
    base: { service: 'portrait', ...bindings },
    redact: { paths: secrets.flatMap((path) => [path, `*.${path}`]), censor: '[redacted]' },
  })
}
