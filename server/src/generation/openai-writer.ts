// One file over 200 lines on purpose: the retry policy, the idle timer and the token-limit
// fallback all act on the same open stream, and split apart each would need the others' state.
import { circuitBreaker, CircuitState, ConsecutiveBreaker, DelegateBackoff, handleWhen, isBrokenCircuitError, retry } from 'cockatiel'
import OpenAI from 'openai'
import { buildMessages } from './prompt.ts'
import { deltaParts, InlineThinking, mergeUsage, usageOf, type Usage } from './provider-stream.ts'
import { WriterError, type ArticleBrief, type ArticleWriter, type WriteResult, type WriteSink } from './writer.ts'

/** How the token limit is sent: OpenAI's reasoning models refuse the legacy `max_tokens`. */
export type MaxTokensParam = 'auto' | 'max_tokens' | 'max_completion_tokens' | 'none'

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
  /**
   * `auto` sends `max_tokens` and, when a model refuses it as unsupported, `max_completion_tokens`
   * from then on for that model; `none` sends no limit. @default 'auto'
   */
  maxTokensParam?: MaxTokensParam
}

/** Tokens a reasoning model may spend thinking on top of the article's own budget. */
const reasoningAllowance = 16_384
/** A provider asking to wait longer than this is not waited for: the reader is told when to retry. */
const longestRetryAfterMs = 30_000

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
  // An error object inside the stream arrives without an HTTP status: OpenRouter puts the status
  // in its numeric `code`, OpenAI-style servers a string code.
  const inStream = error instanceof OpenAI.APIError && !error.status
  const streamCode = inStream ? (error.error as { code?: unknown } | undefined)?.code : undefined
  if (inStream && streamCode === 'rate_limit_exceeded') {
    return new WriterError('RATE_LIMITED', 'The model provider is rate limiting requests; try again shortly.', true, null, { cause: error })
  }
  if (inStream && (streamCode === 'content_filter' || streamCode === 'content_policy_violation')) return contentFiltered(error)
  const status = error instanceof OpenAI.APIError ? (error.status ?? (typeof streamCode === 'number' ? streamCode : undefined)) : undefined
  if (error instanceof OpenAI.APIError && status) {
    const headers = error.headers
    if (status === 429) {
      return new WriterError('RATE_LIMITED', 'The model provider is rate limiting requests; try again shortly.', true, retryAfter(headers), { cause: error })
    }
    if (status === 408 || status === 504) {
      return new WriterError('UPSTREAM_TIMEOUT', `The model provider timed out (HTTP ${status}).`, true, null, { cause: error })
    }
    if (status >= 500) {
      return new WriterError('UPSTREAM_UNAVAILABLE', `The model provider failed (HTTP ${status}).`, true, retryAfter(headers), { cause: error })
    }
    const reason = status === 401 || status === 403 ? 'check the server’s model credentials' : 'check the model settings'
    return new WriterError('UPSTREAM_REJECTED', `The model provider refused the request (HTTP ${status}): ${reason}.`, false, null, { cause: error })
  }
  return new WriterError('UPSTREAM_UNAVAILABLE', 'The model provider could not be reached or broke off the stream.', true, null, { cause: error })
}

const contentFiltered = (cause?: unknown) =>
  new WriterError('CONTENT_FILTERED', 'The model provider’s content filter stopped this portrait.', false, null, { cause })

const transient = ({ code }: WriterError) => code === 'RATE_LIMITED' || code === 'UPSTREAM_UNAVAILABLE' || code === 'UPSTREAM_TIMEOUT'
const isTransient = (error: Error) => transient(classify(error))

/** `unsupported_parameter` for the token limit we sent: OpenAI's answer to `max_tokens` on o-series and gpt-5 models. */
function refusesParam(error: unknown, param: string): boolean {
  if (!(error instanceof OpenAI.APIError) || error.status !== 400) return false
  return error.param === param || (error.code === 'unsupported_parameter' && error.message.includes(param))
}

/** Streams articles from any OpenAI-compatible chat-completions endpoint. */
export class OpenAIWriter implements ArticleWriter {
  readonly offline = false
  readonly model: string
  private readonly client: OpenAI
  private readonly breaker
  private openedAt = 0
  /** Per model, what this process learned: the token-limit parameter it accepts, whether it reasons. */
  private readonly learned = new Map<string, { param?: MaxTokensParam; reasons?: boolean }>()

  constructor(private readonly options: OpenAIWriterOptions) {
    this.model = options.model
    // Retries and timeouts are ours (below), so they are counted, bounded and typed in one place.
    this.client = new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey ?? 'unused', maxRetries: 0, timeout: options.totalTimeoutMs ?? 600_000 })
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

  async write(brief: ArticleBrief, sink: WriteSink, signal: AbortSignal): Promise<WriteResult> {
    try {
      return await this.breaker.execute(() => this.stream(brief, sink, signal))
    } catch (error) {
      if (signal.aborted) throw signal.reason
      if (isBrokenCircuitError(error)) {
        throw this.unavailable() ?? new WriterError('UPSTREAM_UNAVAILABLE', 'The model provider is being probed after failures; try again in a moment.', true, 1000)
      }
      throw classify(error)
    }
  }

  /**
   * Retries of a failure before any text (HTTP 429/5xx, a broken connection, an error object in
   * the stream), no sooner than the provider's Retry-After; once text has reached readers, a
   * failure ends the generation instead of starting the text again.
   */
  private retryPolicy(wroteText: () => boolean) {
    const base = this.options.retryBaseMs ?? 500
    return retry(
      handleWhen((error) => {
        if (wroteText()) return false
        const classified = classify(error)
        return transient(classified) && (classified.retryAfterMs ?? 0) <= longestRetryAfterMs
      }),
      {
        maxAttempts: this.options.maxRetries ?? 2,
        backoff: new DelegateBackoff((context) => {
          const asked = 'error' in context.result ? classify(context.result.error).retryAfterMs : null
          const exponential = Math.min(base * 2 ** (context.attempt - 1), 10_000) * (0.8 + Math.random() * 0.4)
          return Math.max(exponential, asked ?? 0)
        }),
      },
    )
  }

  /** Opens the stream with the token-limit parameter this model accepts, learning it on refusal. */
  private async open(brief: ArticleBrief, signal: AbortSignal) {
    const setting = this.options.maxTokensParam ?? 'auto'
    const known = this.learned.get(this.model) ?? {}
    const request = (param: MaxTokensParam) => {
      const visible = Math.round(brief.targetWords * 2.5)
      const budget = param === 'max_completion_tokens' || known.reasons ? visible + reasoningAllowance : visible
      return this.client.chat.completions.create(
        {
          model: this.model,
          messages: buildMessages(brief),
          stream: true,
          ...(param === 'max_tokens' ? { max_tokens: budget } : param === 'max_completion_tokens' ? { max_completion_tokens: budget } : {}),
          ...(this.options.streamUsage === false ? {} : { stream_options: { include_usage: true } }),
        },
        { signal },
      )
    }
    const param = setting === 'auto' ? (known.param ?? 'max_tokens') : setting
    try {
      return await request(param)
    } catch (error) {
      if (setting !== 'auto' || param === 'none' || !refusesParam(error, param)) throw error
      const other = param === 'max_tokens' ? 'max_completion_tokens' : 'max_tokens'
      this.learned.set(this.model, { ...known, param: other })
      return request(other)
    }
  }

  private async stream(brief: ArticleBrief, sink: WriteSink, signal: AbortSignal): Promise<WriteResult> {
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
    let wrote = false
    const open = () => this.open(brief, both)
    const learn = () => {
      if (!this.learned.get(this.model)?.reasons) this.learned.set(this.model, { ...this.learned.get(this.model), reasons: true })
    }
    try {
      return await this.retryPolicy(() => wrote).execute(async () => {
        stillTalking()
        try {
          return await attempt()
        } catch (error) {
          // Waiting out a backoff or a Retry-After is not the model falling silent.
          clearTimeout(idle)
          throw error
        }
      }, both)
    } catch (error) {
      // A cancel or a timeout, not whatever the SDK made of the aborted socket.
      if (both.aborted) throw both.reason
      throw error
    } finally {
      clearTimeout(total)
      clearTimeout(idle)
    }

    async function attempt(this: void): Promise<WriteResult> {
      const stream = await open()
      const inline = new InlineThinking()
      let finishReason: string | null = null
      let usage: Usage = { promptTokens: null, completionTokens: null, reasoningTokens: null }
      let visible = false
      const take = ({ text, reasoning }: { text: string; reasoning: string }) => {
        if (reasoning) {
          if (!wrote) sink.thinking()
          learn()
        }
        if (!text) return
        wrote = true
        visible ||= text.trim() !== ''
        sink.text(text)
      }
      // Reasoning deltas count as talking: a model thinking for a minute is not idle.
      for await (const chunk of stream) {
        stillTalking()
        usage = mergeUsage(usage, usageOf(chunk))
        const choice = chunk.choices?.[0]
        if (!choice) continue
        const parts = deltaParts(choice.delta)
        const split = inline.push(parts.text)
        take({ text: split.text, reasoning: parts.reasoning + split.reasoning })
        if (choice.finish_reason) finishReason = choice.finish_reason
      }
      take(inline.flush())
      // After an abort the SDK ends the loop quietly instead of throwing.
      if (both.aborted) throw both.reason
      if (!finishReason || finishReason === 'error') {
        throw new WriterError('UPSTREAM_UNAVAILABLE', 'The model provider broke off the stream before the end.', true)
      }
      if (finishReason === 'content_filter') throw contentFiltered()
      if (!visible) {
        const why = finishReason === 'length' ? 'The model used up its length limit thinking and wrote no text.' : 'The model answered with no text.'
        throw new WriterError('EMPTY_RESPONSE', why, true)
      }
      return { finishReason, ...usage }
    }
  }
}
