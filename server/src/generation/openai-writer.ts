import {
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  handleWhen,
  isBrokenCircuitError,
  retry,
} from 'cockatiel'
import OpenAI from 'openai'
import { buildMessages } from './prompt.ts'
import { WriterError, type ArticleBrief, type ArticleWriter, type WriteResult } from './writer.ts'

export interface OpenAIWriterOptions {
  baseURL: string
  apiKey: string | undefined
  model: string
  /**
   * Ask for token usage in the stream (`stream_options.include_usage`). Mistral-style endpoints
   * reject the option. @default true
   */
  streamUsage?: boolean
  /** Retries of a request that fails before its first token (429, 5xx, connection). @default 2 */
  maxRetries?: number
  /** First retry delay; later ones grow exponentially. @default 500 */
  retryBaseMs?: number
  /** Longest silence between two tokens. @default 30000 */
  idleTimeoutMs?: number
  /** Longest whole generation. @default 600000 */
  totalTimeoutMs?: number
  /** Consecutive failed generations that open the circuit. @default 5 */
  breakerThreshold?: number
  /** How long an open circuit answers at once before letting one probe through. @default 30000 */
  breakerCooldownMs?: number
}

function retryAfter(headers: Headers | undefined): number | null {
  const value = headers?.get('retry-after-ms') ?? null
  if (value && Number.isFinite(Number(value))) return Number(value)
  const seconds = headers?.get('retry-after')
  if (seconds && Number.isFinite(Number(seconds))) return Number(seconds) * 1000
  return null
}

/**
 * Maps provider failures onto reader-safe errors. Provider bodies are never passed on: they may
 * echo request details, and they are not written for readers.
 */
export function classify(error: unknown): WriterError {
  if (error instanceof WriterError) return error
  if (error instanceof OpenAI.APIError && error.status) {
    const status = error.status
    if (status === 429) {
      return new WriterError('RATE_LIMITED', 'The model provider is rate limiting requests; try again shortly.', true, retryAfter(error.headers), { cause: error })
    }
    if (status === 408 || status === 504) {
      return new WriterError('UPSTREAM_TIMEOUT', `The model provider timed out (HTTP ${status}).`, true, null, { cause: error })
    }
    if (status >= 500) {
      return new WriterError('UPSTREAM_UNAVAILABLE', `The model provider failed (HTTP ${status}).`, true, null, { cause: error })
    }
    const reason = status === 401 || status === 403 ? 'check the server’s model credentials' : 'check the model settings'
    return new WriterError('UPSTREAM_REJECTED', `The model provider refused the request (HTTP ${status}): ${reason}.`, false, null, { cause: error })
  }
  return new WriterError('UPSTREAM_UNAVAILABLE', 'The model provider could not be reached or broke off the stream.', true, null, { cause: error })
}

const isTransient = (error: Error) => {
  const code = classify(error).code
  return code === 'RATE_LIMITED' || code === 'UPSTREAM_UNAVAILABLE' || code === 'UPSTREAM_TIMEOUT'
}

/** Streams articles from any OpenAI-compatible chat-completions endpoint. */
export class OpenAIWriter implements ArticleWriter {
  readonly offline = false
  readonly model: string
  private readonly client: OpenAI
  private readonly retry
  private readonly breaker
  private openedAt = 0

  constructor(private readonly options: OpenAIWriterOptions) {
    this.model = options.model
    // Retries and timeouts are ours (below), so they are counted, bounded and typed in one place.
    this.client = new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey ?? 'unused', maxRetries: 0, timeout: options.totalTimeoutMs ?? 600_000 })
    this.retry = retry(handleWhen(isTransient), {
      maxAttempts: options.maxRetries ?? 2,
      backoff: new ExponentialBackoff({ initialDelay: options.retryBaseMs ?? 500, maxDelay: 10_000 }),
    })
    this.breaker = circuitBreaker(handleWhen(isTransient), {
      halfOpenAfter: options.breakerCooldownMs ?? 30_000,
      breaker: new ConsecutiveBreaker(options.breakerThreshold ?? 5),
    })
    this.breaker.onBreak(() => (this.openedAt = Date.now()))
  }

  /** The error a new generation would meet at once, while the circuit is open. */
  unavailable(): WriterError | null {
    // The circuit turns half-open only when next tried: past the cooldown, let the probe through.
    const remaining = this.openedAt + (this.options.breakerCooldownMs ?? 30_000) - Date.now()
    if (this.breaker.state !== CircuitState.Open || remaining <= 0) return null
    return new WriterError(
      'UPSTREAM_UNAVAILABLE',
      'The model provider has been failing; new generations are paused for a moment.',
      true,
      remaining,
    )
  }

  async write(brief: ArticleBrief, onDelta: (text: string) => void, signal: AbortSignal): Promise<WriteResult> {
    try {
      return await this.breaker.execute(() => this.stream(brief, onDelta, signal))
    } catch (error) {
      if (signal.aborted) throw signal.reason
      if (isBrokenCircuitError(error)) {
        throw this.unavailable() ?? new WriterError('UPSTREAM_UNAVAILABLE', 'The model provider is being probed after failures; try again in a moment.', true, 1000)
      }
      throw classify(error)
    }
  }

  private async stream(brief: ArticleBrief, onDelta: (text: string) => void, signal: AbortSignal): Promise<WriteResult> {
    const idleTimeoutMs = this.options.idleTimeoutMs ?? 30_000
    const totalTimeoutMs = this.options.totalTimeoutMs ?? 600_000
    const timeout = new AbortController()
    const both = AbortSignal.any([signal, timeout.signal])
    const expire = (message: string) => () => timeout.abort(new WriterError('UPSTREAM_TIMEOUT', message, true))
    const total = setTimeout(expire(`The model took longer than ${Math.round(totalTimeoutMs / 1000)} s.`), totalTimeoutMs)
    let idle = setTimeout(expire(`The model sent nothing for ${Math.round(idleTimeoutMs / 1000)} s.`), idleTimeoutMs)
    const stillTalking = () => {
      clearTimeout(idle)
      idle = setTimeout(expire(`The model sent nothing for ${Math.round(idleTimeoutMs / 1000)} s.`), idleTimeoutMs)
    }
    try {
      const stream = await this.retry.execute(
        () =>
          this.client.chat.completions.create(
            {
              model: this.model,
              messages: buildMessages(brief),
              stream: true,
              max_tokens: Math.round(brief.targetWords * 2.5),
              ...(this.options.streamUsage === false ? {} : { stream_options: { include_usage: true } }),
            },
            { signal: both },
          ),
        both,
      )
      let finishReason: string | null = null
      let promptTokens: number | null = null
      let completionTokens: number | null = null
      for await (const chunk of stream) {
        stillTalking()
        const choice = chunk.choices[0]
        const text = choice?.delta?.content
        if (text) onDelta(text)
        if (choice?.finish_reason) finishReason = choice.finish_reason
        if (chunk.usage) {
          promptTokens = chunk.usage.prompt_tokens ?? null
          completionTokens = chunk.usage.completion_tokens ?? null
        }
      }
      // After an abort the SDK ends the loop quietly instead of throwing.
      if (both.aborted) throw both.reason
      if (!finishReason) {
        throw new WriterError('UPSTREAM_UNAVAILABLE', 'The model provider broke off the stream before the end.', true)
      }
      return { finishReason, promptTokens, completionTokens }
    } catch (error) {
      // A cancel or a timeout, not whatever the SDK made of the aborted socket.
      if (both.aborted) throw both.reason
      throw error
    } finally {
      clearTimeout(total)
      clearTimeout(idle)
    }
  }
}
