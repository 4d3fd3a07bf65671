/** What the server says the finished text is. */
export interface ExpectedText {
  length: number
  /** SHA-256 of the text (UTF-8) in hex; empty when unknown. */
  sha256: string
}

/** SHA-256 of a text in hex, or null where Web Crypto is unavailable (pages served over plain HTTP). */
export async function sha256Hex(text: string): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle
  if (!subtle) return null
  const digest = await subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** Whether the text a reader joined from chunks is the finished text: its length, and its hash where it can be computed. */
export async function matchesFinished(text: string, expected: ExpectedText): Promise<boolean> {
  if (text.length !== expected.length) return false
  if (!expected.sha256) return true
  const hash = await sha256Hex(text)
  return hash === null || hash === expected.sha256
}
