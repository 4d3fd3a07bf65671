/**
 * Import throughput on a generated music folder: 10,000 MP3 files (1,000 artists × 5 albums × 2
 * tracks) carrying ID3v2.3 tags, cut from the lame-encoded fixture. Prints files per second for
 * the first scan into an empty embedded database and for an unchanged re-scan, each against a
 * baseline measured in the same run: reading every file's bytes whole, the floor of any tag
 * reader. Peak memory is the process's maximum resident set.
 *
 *   npm run bench:import [-- --files 10000]
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { openDatabase } from '@portrait/prisma'
import { listAudioFiles, scanFolder } from '../src/import/folder.ts'
import { mergeCollection } from '../src/import/merge.ts'

const { values } = parseArgs({ options: { files: { type: 'string', default: '10000' } } })
const files = Number(values.files)

const fixture = readFileSync(fileURLToPath(new URL('../test/fixtures/music/library/Kraftwerk/Trans-Europe Express/01 Europe Endless.mp3', import.meta.url)))
// The MPEG frames after the fixture's own ID3v2 tag (its size is four 7-bit "syncsafe" bytes).
const audio = fixture.subarray(10 + ((fixture[6]! << 21) | (fixture[7]! << 14) | (fixture[8]! << 7) | fixture[9]!))

function frame(id: string, text: string): Buffer {
  const body = Buffer.concat([Buffer.from([1]), Buffer.from('\ufeff' + text, 'utf16le')])
  const header = Buffer.alloc(10)
  header.write(id, 0, 'latin1')
  header.writeUInt32BE(body.length, 4)
  return Buffer.concat([header, body])
}

function id3(tags: Record<string, string>): Buffer {
  const frames = Buffer.concat(Object.entries(tags).map(([id, text]) => frame(id, text)))
  const header = Buffer.from([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 0])
  const size = frames.length
  header[6] = (size >> 21) & 0x7f
  header[7] = (size >> 14) & 0x7f
  header[8] = (size >> 7) & 0x7f
  header[9] = size & 0x7f
  return Buffer.concat([header, frames])
}

const root = mkdtempSync(join(tmpdir(), 'portrait-bench-import-'))
const dataDir = mkdtempSync(join(tmpdir(), 'portrait-bench-db-'))
try {
  const made = performance.now()
  for (let i = 0; i < files; i++) {
    const artist = Math.floor(i / 10)
    const album = Math.floor(i / 2) % 5
    const dir = join(root, `Artist ${artist}`, `Album ${album}`)
    if (i % 2 === 0) mkdirSync(dir, { recursive: true })
    const tags = {
      TPE1: `Artist ${artist} Ünïcödé`,
      TPE2: `Artist ${artist} Ünïcödé`,
      TALB: `Album ${album} of ${artist}`,
      TIT2: `Track ${i % 2}`,
      TYER: String(1960 + (artist % 60)),
      TCON: ['Rock', 'Jazz', 'Electronic', 'Folk'][artist % 4]!,
      TPUB: `Label ${artist % 37}`,
    }
    writeFileSync(join(dir, `${i % 2} Track.mp3`), Buffer.concat([id3(tags), audio]))
  }
  console.log(`Generated ${files} tagged MP3 files in ${((performance.now() - made) / 1000).toFixed(1)} s under ${root}`)

  const baseline = async () => {
    const started = performance.now()
    const list = await listAudioFiles(root)
    for (const path of list) await readFile(path)
    return list.length / ((performance.now() - started) / 1000)
  }

  const maxRssMB = () => Math.round(process.resourceUsage().maxRSS / 1024)
  const peaks: Record<string, number> = { 'files generated': maxRssMB() }
  const scan = async () => {
    const started = performance.now()
    const parsed = await scanFolder(root)
    return { parsed, ms: performance.now() - started }
  }
  const base1 = await baseline()
  // Tags are read before the embedded database opens, so the peak says what reading them costs.
  const firstScan = await scan()
  peaks['tags of every file read'] = maxRssMB()
  const db = await openDatabase({ dataDir })
  await db.migrate()
  peaks['embedded database open'] = maxRssMB()
  const write = async ({ parsed, ms }: Awaited<ReturnType<typeof scan>>) => {
    const started = performance.now()
    const report = await mergeCollection(db.prisma, parsed.artists)
    const total = ms + performance.now() - started
    return { perSecond: parsed.items / (total / 1000), scanShare: ms / total, report }
  }
  const first = await write(firstScan)
  peaks['collection written'] = maxRssMB()
  const base2 = await baseline()
  const again = await write(await scan())
  peaks['re-scanned'] = maxRssMB()
  await db.close()

  const rows = [
    ['read every file (baseline)', base1, 1, '', ''],
    ['first scan into an empty database', first.perSecond, first.perSecond / base1, `${Math.round(first.scanShare * 100)} %`, `${first.report.artistsAdded} artists, ${first.report.albumsAdded} albums added`],
    ['read every file again (baseline)', base2, 1, '', ''],
    ['unchanged re-scan', again.perSecond, again.perSecond / base2, `${Math.round(again.scanShare * 100)} %`, `${again.report.artistsAdded + again.report.albumsAdded} added, ${again.report.artistsUpdated + again.report.albumsUpdated} changed`],
  ] as const
  console.log(`\n${'run'.padEnd(36)} ${'files/s'.padStart(9)} ${'× baseline'.padStart(11)} ${'tag reading'.padStart(12)}  result`)
  for (const [name, rate, ratio, share, result] of rows) {
    console.log(`${name.padEnd(36)} ${Math.round(rate).toString().padStart(9)} ${ratio.toFixed(3).padStart(11)} ${share.padStart(12)}  ${result}`)
  }
  console.log('\npeak memory (max RSS of this process, MB), once:')
  for (const [stage, value] of Object.entries(peaks)) console.log(`  ${stage.padEnd(28)} ${value}`)
} finally {
  rmSync(root, { recursive: true, force: true })
  rmSync(dataDir, { recursive: true, force: true })
}
