/**
 * What OpenAI-compatible providers put in a streamed chunk, read the same way whoever sent it:
 * answer text and reasoning apart, usage wherever it comes. Hand-written: the `openai` SDK types
 * only OpenAI's own shape, and no maintained library reads the others' extensions.
 */

/** Visible answer text and reasoning carried by one chunk. */
export interface Parts {
  text: string
  reasoning: string
}

export interface Usage {
  promptTokens: number | null
  completionTokens: number | null
  reasoningTokens: number | null
}

type Loose = Record<string, unknown> | null | undefined

const record = (value: unknown): Loose => (value && typeof value === 'object' ? (value as Record<string, unknown>) : null)
const string = (value: unknown) => (typeof value === 'string' ? value : '')
const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : null)

/** Text inside a Mistral `thinking` part: a string or a list of `text` parts. */
function thinkingText(thinking: unknown): string {
  if (typeof thinking === 'string') return thinking
  if (!Array.isArray(thinking)) return ''
  return thinking.map((part) => string(record(part)?.text)).join('')
}

/**
 * Splits a chunk's `delta`: `content` as a string or as typed parts (Mistral: `text` and
 * `thinking`), reasoning as `reasoning_content` (DeepSeek, xAI, Qwen, vLLM) or `reasoning`
 * (OpenRouter, Groq). Anything else a delta holds (role, refusal, tool calls) is not article text.
 */
export function deltaParts(delta: unknown): Parts {
  const d = record(delta)
  if (!d) return { text: '', reasoning: '' }
  let text = ''
  let reasoning = string(d.reasoning_content) + string(d.reasoning)
  const content = d.content
  if (typeof content === 'string') text = content
  else if (Array.isArray(content)) {
    for (const part of content) {
      const p = record(part)
      if (p?.type === 'text') text += string(p.text)
      else if (p?.type === 'thinking') reasoning += thinkingText(p.thinking)
    }
  }
  return { text, reasoning }
}

/**
 * Token counts from a chunk, where the provider put them: `usage` (on the last chunk, on the
 * finishing one, or on every chunk) or Groq's `x_groq.usage`. Null where the chunk has none.
 */
export function usageOf(chunk: unknown): Usage | null {
  const c = record(chunk)
  const usage = record(c?.usage) ?? record(record(c?.x_groq)?.usage)
  if (!usage) return null
  return {
    promptTokens: count(usage.prompt_tokens),
    completionTokens: count(usage.completion_tokens),
    reasoningTokens: count(record(usage.completion_tokens_details)?.reasoning_tokens),
  }
}

/** Later counts replace earlier ones; a count a later chunk leaves null is kept. */
export function mergeUsage(into: Usage, next: Usage | null): Usage {
  if (!next) return into
  return {
    promptTokens: next.promptTokens ?? into.promptTokens,
    completionTokens: next.completionTokens ?? into.completionTokens,
    reasoningTokens: next.reasoningTokens ?? into.reasoningTokens,
  }
}

const open = '<think>'
const close = '</think>'

/**
 * Takes a `<think>…</think>` block off the start of the content, where some servers (Ollama,
 * vLLM with some chat templates) put a reasoning model's thoughts. Tags may be split across
 * chunks: text that could still be the start of a tag is held back until it is known.
 */
export class InlineThinking {
  private state: 'start' | 'thinking' | 'after' | 'text' = 'start'
  private held = ''

  push(content: string): Parts {
    if (this.state === 'text') return { text: content, reasoning: '' }
    this.held += content
    let reasoning = ''
    if (this.state === 'start') {
      const lead = this.held.trimStart()
      if (lead === '' || (lead.length < open.length && open.startsWith(lead))) return { text: '', reasoning: '' }
      if (!lead.startsWith(open)) return this.release()
      this.state = 'thinking'
      this.held = lead.slice(open.length)
    }
    if (this.state === 'thinking') {
      const end = this.held.indexOf(close)
      if (end === -1) {
        // Keep back what could be the start of the closing tag.
        const safe = Math.max(0, this.held.length - (close.length - 1))
        reasoning = this.held.slice(0, safe)
        this.held = this.held.slice(safe)
        return { text: '', reasoning }
      }
      reasoning = this.held.slice(0, end)
      this.held = this.held.slice(end + close.length)
      this.state = 'after'
    }
    // The blank lines between the block and the answer are not part of the answer.
    this.held = this.held.trimStart()
    if (this.held === '') return { text: '', reasoning }
    return { ...this.release(), reasoning }
  }

  /** At the end of the stream: what was held back, as what it turned out to be. */
  flush(): Parts {
    if (this.state === 'thinking') {
      const reasoning = this.held
      this.held = ''
      return { text: '', reasoning }
    }
    return this.state === 'after' ? { text: '', reasoning: '' } : this.release()
  }

  private release(): Parts {
    const text = this.held
    this.held = ''
    this.state = 'text'
    return { text, reasoning: '' }
  }
}
