import { createReadStream } from 'node:fs'
import { setImmediate as nextTurn } from 'node:timers/promises'

/** The encodings a collection file may be read in, as the import report names them. */
export type FileEncoding = 'UTF-8' | 'UTF-8 with BOM' | 'UTF-16LE' | 'UTF-16BE' | 'Windows-1252'

/** A file's bytes: uploaded, so already in memory, or on disk. */
export type ByteSource = Uint8Array | { path: string }

const BOMS: [bytes: number[], encoding: FileEncoding, label: string][] = [
  [[0xef, 0xbb, 0xbf], 'UTF-8 with BOM', 'utf-8'],
  [[0xff, 0xfe], 'UTF-16LE', 'utf-16le'],
  [[0xfe, 0xff], 'UTF-16BE', 'utf-16be'],
]

// WHATWG's index-windows-1252 where it differs from Latin-1: bytes 0x80 to 0x9F, in order.
const WINDOWS_1252_80_9F =
  '\u20AC\x81\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\x8D\u017D\x8F' +
  '\x90\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\x9D\u017E\u0178'

function decodeWindows1252(bytes: Uint8Array): string {
  // Hand-written: Node's TextDecoder('windows-1252') decodes as Latin-1 since 20.18.3 (nodejs/node#60888), and iconv-lite turns five of its bytes into U+FFFD.
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\x80-\x9F]/g, (char) => WINDOWS_1252_80_9F[char.charCodeAt(0) - 0x80]!)
}

const bomOf = (bytes: Uint8Array) => BOMS.find(([bom]) => bom.every((byte, i) => bytes[i] === byte))

/**
 * Reads a file as people save them: a byte order mark says UTF-8 (editors) or UTF-16 (Excel's
 * "Unicode text"); without one, UTF-8 if every byte sequence is valid UTF-8, else Windows-1252, as
 * older Excel and Discogs tools write, a superset of Latin-1 whose every byte is a character.
 */
export function decodeFile(bytes: Uint8Array): { text: string; encoding: FileEncoding } {
  // A fixed rule rather than a statistical detector (chardet), which guesses from letter frequencies.
  const bom = bomOf(bytes)
  if (bom) return { text: new TextDecoder(bom[2]).decode(bytes), encoding: bom[1] }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' }
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'Windows-1252' }
  }
}

/** A source's bytes in pieces of `chunkBytes`, read from disk as they are needed. */
async function* byteChunks(source: ByteSource, chunkBytes: number): AsyncGenerator<Uint8Array> {
  if (!(source instanceof Uint8Array)) {
    yield* createReadStream(source.path, { highWaterMark: chunkBytes }) as AsyncIterable<Buffer>
    return
  }
  for (let at = 0; at < source.length; at += chunkBytes) {
    yield source.subarray(at, at + chunkBytes)
    // Bytes in memory come without waiting on anything: without a turn here, a whole upload would be read before any other request is heard.
    await nextTurn()
  }
}

/** `decodeFile`'s rule, applied to a source read piece by piece: nothing is kept but the verdict. */
export async function detectEncoding(source: ByteSource, chunkBytes = 64 * 1024): Promise<FileEncoding> {
  const utf8 = new TextDecoder('utf-8', { fatal: true })
  let start: Uint8Array | null = new Uint8Array()
  try {
    for await (let bytes of byteChunks(source, chunkBytes)) {
      if (start) {
        // The mark may come split over the first pieces.
        bytes = start = Buffer.concat([start, bytes])
        if (start.length < 3) continue
        const bom = bomOf(start)
        if (bom) return bom[1]
        start = null
      }
      utf8.decode(bytes, { stream: true })
    }
    const bom = start && bomOf(start)
    if (bom) return bom[1]
    if (start) utf8.decode(start, { stream: true })
    utf8.decode()
    return 'UTF-8'
  } catch (error) {
    if (error instanceof TypeError && (error as NodeJS.ErrnoException).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return 'Windows-1252'
    throw error
  }
}

/** A source's text in pieces, decoded as `encoding` (from `detectEncoding`), without its byte order mark. */
export async function* decodeChunks(source: ByteSource, encoding: FileEncoding, chunkBytes = 64 * 1024): AsyncGenerator<string> {
  if (encoding === 'Windows-1252') {
    for await (const bytes of byteChunks(source, chunkBytes)) yield decodeWindows1252(bytes)
    return
  }
  const decoder = new TextDecoder(BOMS.find(([, name]) => name === encoding)?.[2] ?? 'utf-8')
  for await (const bytes of byteChunks(source, chunkBytes)) {
    const text = decoder.decode(bytes, { stream: true })
    if (text) yield text
  }
  const rest = decoder.decode()
  if (rest) yield rest
}

/**
 * The start of a text arriving in pieces, read until `until` matches it (or the text ends), and
 * the whole text again, that start included, to read on from.
 */
export async function peek(pieces: AsyncIterable<string>, until: RegExp): Promise<{ head: string; text: AsyncGenerator<string> }> {
  const iterator = pieces[Symbol.asyncIterator]()
  let head = ''
  let next: IteratorResult<string> | undefined
  while (!until.test(head) && !(next = await iterator.next()).done) head += next.value
  const ended = next?.done ?? false
  async function* text() {
    try {
      if (head) yield head
      if (ended) return
      for (let piece = await iterator.next(); !piece.done; piece = await iterator.next()) yield piece.value
    } finally {
      // A reader that stops early (a malformed row) closes the file under it.
      await iterator.return?.()
    }
  }
  return { head, text: text() }
}
