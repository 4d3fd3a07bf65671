import { describe, expect, it } from 'vitest'
import { decodeFile } from './decode.ts'

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))))

describe('decodeFile', () => {
  it('follows a byte order mark, and leaves it out of the text', () => {
    expect(decodeFile(bytes([0xef, 0xbb, 0xbf], 'Bj', [0xc3, 0xb6], 'rk'))).toEqual({ text: 'Björk', encoding: 'UTF-8 with BOM' })
    expect(decodeFile(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Björk\t坂本', 'utf16le')]))).toEqual({ text: 'Björk\t坂本', encoding: 'UTF-16LE' })
    expect(decodeFile(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('Björk', 'utf16le').swap16()]))).toEqual({ text: 'Björk', encoding: 'UTF-16BE' })
  })

  it('reads UTF-8 without a mark, and Windows-1252 when the bytes are not UTF-8', () => {
    expect(decodeFile(Buffer.from('Björk, Sigur Rós, 坂本龍一'))).toEqual({ text: 'Björk, Sigur Rós, 坂本龍一', encoding: 'UTF-8' })
    // 0x80 and 0x93/0x94 are the euro sign and curly quotes in Windows-1252, controls in ISO-8859-1.
    expect(decodeFile(bytes('Bj', [0xf6], 'rk ', [0x93], 'Homogenic', [0x94], ' ', [0x80], '9'))).toEqual({ text: 'Björk “Homogenic” €9', encoding: 'Windows-1252' })
    expect(decodeFile(new Uint8Array())).toEqual({ text: '', encoding: 'UTF-8' })
  })
})
