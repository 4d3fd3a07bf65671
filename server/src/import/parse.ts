import { extname } from 'node:path'
import { parseCsvDocument, readCsvDocument } from './csv.ts'
import { type ByteSource, decodeChunks, decodeFile, detectEncoding, peek } from './decode.ts'
import { parseJsonDocument, type ParsedCollection } from './document.ts'

const isJson = (name: string, text: string) => extname(name).toLowerCase() === '.json' || /^[{[]/.test(text.trimStart())

/**
 * Reads a CSV (Discogs or plain) or our JSON, by what the text looks like rather than its name.
 * Bytes are decoded as `decodeFile` detects, and the report says which encoding was used.
 */
export function parseDocument(name: string, content: Uint8Array | string): ParsedCollection {
  const { text, encoding } = typeof content === 'string' ? { text: content, encoding: undefined } : decodeFile(content)
  // trimStart also drops a byte order mark left in text handed over already decoded.
  const parsed = isJson(name, text) ? parseJsonDocument(text) : parseCsvDocument(text)
  return encoding ? { ...parsed, encoding } : parsed
}

/**
 * `parseDocument` for a file of any size, uploaded or on disk: a CSV is decoded and parsed piece
 * by piece, its rows filed as they come, so neither its text nor its rows are ever held whole, and
 * other requests are served between pieces. Our JSON is still read whole: `JSON.parse` takes no pieces.
 */
export async function readCollection(name: string, source: ByteSource, { chunkBytes = 64 * 1024 } = {}): Promise<ParsedCollection> {
  const encoding = await detectEncoding(source, chunkBytes)
  const { head, text } = await peek(decodeChunks(source, encoding, chunkBytes), /\S/)
  let parsed: ParsedCollection
  if (isJson(name, head)) {
    let whole = ''
    for await (const piece of text) whole += piece
    parsed = parseJsonDocument(whole)
  } else parsed = await readCsvDocument(text)
  return { ...parsed, encoding }
}
