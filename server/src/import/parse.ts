import { extname } from 'node:path'
import { parseCsvDocument } from './csv.ts'
import { decodeFile } from './decode.ts'
import { parseJsonDocument, type ParsedCollection } from './document.ts'

/**
 * Reads a CSV (Discogs or plain) or our JSON, by what the text looks like rather than its name.
 * Bytes are decoded as `decodeFile` detects, and the report says which encoding was used.
 */
export function parseDocument(name: string, content: Uint8Array | string): ParsedCollection {
  const { text, encoding } = typeof content === 'string' ? { text: content, encoding: undefined } : decodeFile(content)
  // trimStart also drops a byte order mark left in text handed over already decoded.
  const trimmed = text.trimStart()
  const json = extname(name).toLowerCase() === '.json' || trimmed.startsWith('{') || trimmed.startsWith('[')
  const parsed = json ? parseJsonDocument(text) : parseCsvDocument(text)
  return encoding ? { ...parsed, encoding } : parsed
}
