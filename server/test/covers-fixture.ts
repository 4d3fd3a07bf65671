import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openDatabase } from '@portrait/prisma'
import sharp from 'sharp'
import { attachCovers } from '../src/import/covers.ts'
import { scanFolder } from '../src/import/folder.ts'
import { mergeCollection } from '../src/import/merge.ts'

/**
 * A music folder with album art, made at test time with the Debian tools (sox, lame, flac; see
 * `apt-get install sox lame flac`) and images drawn by sharp, so no audio or image file is committed:
 *
 * - Kate Bush / Hounds of Love (1985): three MP3s, each with the same red picture embedded (`lame --ti`).
 * - Kate Bush / The Dreaming (1982): two FLACs with a green picture embedded (`metaflac --import-picture-from`)
 *   and `Folder.JPG`, blue, beside them: the file wins, as in Navidrome.
 * - Talk Talk / Spirit of Eden (1988): two MP3s without art and `cover.jpg`, the same blue image.
 * - Talk Talk / Laughing Stock (1991): one MP3, no art anywhere.
 */
export async function makeCoverFolder() {
  const root = mkdtempSync(join(tmpdir(), 'portrait-covers-'))
  const solid = (r: number, g: number, b: number) => sharp({ create: { width: 400, height: 400, channels: 3, background: { r, g, b } } })
  const red = await solid(200, 40, 40).jpeg({ quality: 70 }).toBuffer()
  const green = await solid(40, 160, 60).png().toBuffer()
  const blue = await solid(40, 70, 190).jpeg({ quality: 70 }).toBuffer()
  const tmp = join(root, '.work')
  mkdirSync(tmp)
  const wav = join(tmp, 'tone.wav')
  execFileSync('sox', ['-n', '-r', '44100', '-c', '2', wav, 'synth', '0.3', 'sine', '440'])
  writeFileSync(join(tmp, 'red.jpg'), red)
  writeFileSync(join(tmp, 'green.png'), green)

  const mp3 = (dir: string, artist: string, album: string, year: number, title: string, picture?: string) => {
    mkdirSync(dir, { recursive: true })
    const art = picture ? ['--ti', picture] : []
    execFileSync('lame', ['--silent', '--ta', artist, '--tl', album, '--tt', title, '--ty', String(year), ...art, wav, join(dir, `${title}.mp3`)])
  }
  const flac = (dir: string, artist: string, album: string, year: number, title: string, picture: string) => {
    mkdirSync(dir, { recursive: true })
    const file = join(dir, `${title}.flac`)
    execFileSync('flac', ['--silent', '-f', '-T', `ARTIST=${artist}`, '-T', `ALBUM=${album}`, '-T', `DATE=${year}`, '-T', `TITLE=${title}`, '-o', file, wav], { stdio: 'ignore' })
    execFileSync('metaflac', [`--import-picture-from=3||||${picture}`, file])
  }

  const hounds = join(root, 'Kate Bush', 'Hounds of Love')
  for (const title of ['Running Up That Hill', 'Hounds of Love', 'The Big Sky']) mp3(hounds, 'Kate Bush', 'Hounds of Love', 1985, title, join(tmp, 'red.jpg'))
  const dreaming = join(root, 'Kate Bush', 'The Dreaming')
  for (const title of ['Sat in Your Lap', 'Pull Out the Pin']) flac(dreaming, 'Kate Bush', 'The Dreaming', 1982, title, join(tmp, 'green.png'))
  writeFileSync(join(dreaming, 'Folder.JPG'), blue)
  const eden = join(root, 'Talk Talk', 'Spirit of Eden')
  for (const title of ['The Rainbow', 'Eden']) mp3(eden, 'Talk Talk', 'Spirit of Eden', 1988, title)
  writeFileSync(join(eden, 'cover.jpg'), blue)
  mp3(join(root, 'Talk Talk', 'Laughing Stock'), 'Talk Talk', 'Laughing Stock', 1991, 'Myrrhman')
  rmSync(tmp, { recursive: true, force: true })

  const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
  return { root, hashes: { red: sha(red), green: sha(green), blue: sha(blue) }, remove: () => rmSync(root, { recursive: true, force: true }) }
}

/** Imports a folder into an embedded database as an import job does: scan, merge, then covers. */
export async function importFolderInto(dataDir: string, root: string) {
  const db = await openDatabase({ dataDir })
  try {
    await db.migrate()
    const scanned = await scanFolder(root)
    await mergeCollection(db.prisma, scanned.artists)
    return await attachCovers(db.prisma, scanned)
  } finally {
    await db.close()
  }
}
