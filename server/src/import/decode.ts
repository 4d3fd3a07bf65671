/** The encodings a collection file may be read in, as the import report names them. */
export type FileEncoding = 'UTF-8' | 'UTF-8 with BOM' | 'UTF-16LE' | 'UTF-16BE' | 'Windows-1252'

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

/**
 * Reads a file as people save them: a byte order mark says UTF-8 (editors) or UTF-16 (Excel's
 * "Unicode text"); without one, UTF-8 if every byte sequence is valid UTF-8, else Windows-1252, as
 * older Excel and Discogs tools write, a superset of Latin-1 whose every byte is a character.
 */
export function decodeFile(bytes: Uint8Array): { text: string; encoding: FileEncoding } {
  // A fixed rule rather than a statistical detector (chardet), which guesses from letter frequencies.
  for (const [bom, encoding, label] of BOMS) {
    if (bom.every((byte, i) => bytes[i] === byte)) return { text: new TextDecoder(label).decode(bytes), encoding }
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' }
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'Windows-1252' }
  }
}
