import { extname } from 'node:path'
import { parseCsvDocument } from './csv.ts'
import { parseJsonDocument, type ParsedCollection } from './document.ts'

/** Reads a CSV (Discogs or plain) or our JSON, by what the text looks like rather than its name. */
export function parseDocument(name: string, text: string): ParsedCollection {
  const trimmed = text.trimStart()
  if (extname(name).toLowerCase() === '.json' || trimmed.startsWith('{') || trimmed.startsWith('[')) return parseJsonDocument(text)
  return parseCsvDocument(text)
}
