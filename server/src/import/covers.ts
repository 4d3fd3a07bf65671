import { createHash } from 'node:crypto'
import { opendir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { matchKey, type PrismaClient } from '@portrait/prisma'
import { type IPicture, parseFile } from 'music-metadata'
import sharp from 'sharp'
import type { ParsedCollection } from './document.ts'
import type { AlbumArtSource } from './folder.ts'

/** Art larger than this is not album art but a scan or a mistake: left out. */
export const MAX_COVER_BYTES = 16 * 1024 * 1024

/**
 * Image files beside the tracks, best first, matched on the name without its extension, in any
 * case. As Navidrome's default `CoverArtPriority` ("cover.*, folder.*, front.*, embedded, external"),
 * a file beside the tracks wins over a picture embedded in them: it is what a person put there
 * on purpose, usually larger, and the same for every track.
 */
const FILE_NAMES: RegExp[] = [/^cover$/i, /^folder$/i, /^front$/i, /^albumart.*large$/i, /^albumart/i]
const IMAGE_EXT = /\.(jpe?g|png|webp|gif)$/i

/** A stored cover: its bytes checked to be an image sharp reads. */
export interface CoverImage {
  hash: string
  mime: string
  bytes: Uint8Array
  width: number
  height: number
}

const MIME: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif' }

/** The bytes as a cover, or null when they are not an image we can serve. */
export async function readImage(bytes: Uint8Array): Promise<CoverImage | null> {
  if (!bytes.length || bytes.length > MAX_COVER_BYTES) return null
  try {
    const meta = await sharp(bytes, { limitInputPixels: 10_000 * 10_000 }).metadata()
    const mime = meta.format && MIME[meta.format]
    if (!mime || !meta.width || !meta.height) return null
    return { hash: createHash('sha256').update(bytes).digest('hex'), mime, bytes, width: meta.width, height: meta.height }
  } catch {
    return null
  }
}

/** The image file of a folder that names it as the album's cover, by the names above, or null. */
async function folderImage(folder: string): Promise<string | null> {
  const images: string[] = []
  try {
    for await (const entry of await opendir(folder)) if (entry.isFile() && !entry.name.startsWith('.') && IMAGE_EXT.test(entry.name)) images.push(entry.name)
  } catch {
    return null
  }
  images.sort()
  for (const pattern of FILE_NAMES) {
    const found = images.find((name) => pattern.test(name.replace(IMAGE_EXT, '')))
    if (found) return join(folder, found)
  }
  return null
}

/** The front cover among embedded pictures, else the first one. */
export function frontCover(pictures: readonly IPicture[] | undefined): IPicture | null {
  if (!pictures?.length) return null
  return pictures.find((picture) => /cover \(front\)/i.test(picture.type ?? '')) ?? pictures[0]!
}

/** Reads an album's art where a scan found its tracks: a cover file first, then embedded pictures. */
export async function findArt(source: Pick<AlbumArtSource, 'folders' | 'tracks'>, files = new Map<string, Promise<CoverImage | null>>()): Promise<CoverImage | null> {
  for (const folder of source.folders) {
    const path = await folderImage(folder)
    if (!path) continue
    // Discs of one album, and albums sharing a folder, read the file once.
    if (!files.has(path)) {
      files.set(path, (async () => {
        const info = await stat(path).catch(() => null)
        return info && info.size <= MAX_COVER_BYTES ? readImage(await readFile(path)) : null
      })())
    }
    const image = await files.get(path)!
    if (image) return image
  }
  for (const track of source.tracks) {
    const picture = await parseFile(track, { duration: false, skipCovers: false }).then(({ common }) => frontCover(common.picture), () => null)
    const image = picture && (await readImage(picture.data))
    if (image) return image
  }
  return null
}

/** Where one album's art comes from: a scanned folder, or a cover carried in our JSON format. */
interface ArtJob {
  artist: { name: string; musicbrainzId: string | null }
  album: string
  read: () => Promise<CoverImage | null>
}

/** Albums resolved and written at a time: bounds the art held in memory, and each query's size. */
const BATCH = 32
const READERS = 4

export interface AttachReport {
  /** Albums given a cover (or a new one). */
  albums: number
  /** Covers not held before. */
  stored: number
}

/**
 * Keeps the art of imported albums, after the merge wrote them: a scanned folder's (`art`, from
 * scanFolder) and covers carried as base64 by our JSON format. Albums are found as the merge
 * files them: the artist by MusicBrainz id, else by folded name (the first added, as the merge
 * picks), the album by folded title. Each image is stored once, by the SHA-256 of its bytes.
 * An album whose art changed takes the new one; one without art found keeps what it had.
 */
export async function attachCovers(prisma: PrismaClient, parsed: ParsedCollection & { art?: readonly AlbumArtSource[] }): Promise<AttachReport> {
  const files = new Map<string, Promise<CoverImage | null>>()
  const jobs: ArtJob[] = (parsed.art ?? []).map((source) => ({ artist: source.artist, album: source.album, read: () => findArt(source, files) }))
  for (const artist of parsed.artists) {
    for (const album of artist.albums) {
      const cover = album.cover
      if (cover?.data) jobs.push({ artist, album: album.title, read: () => readImage(Buffer.from(cover.data, 'base64')) })
    }
  }
  const report: AttachReport = { albums: 0, stored: 0 }
  for (let start = 0; start < jobs.length; start += BATCH) {
    const batch = jobs.slice(start, start + BATCH)
    const images: (CoverImage | null)[] = new Array(batch.length).fill(null)
    let next = 0
    await Promise.all(
      Array.from({ length: Math.min(READERS, batch.length) }, async () => {
        while (next < batch.length) {
          const index = next++
          images[index] = await batch[index]!.read().catch(() => null)
        }
      }),
    )
    const found = batch.flatMap((job, index) => (images[index] ? [{ job, image: images[index] }] : []))
    if (found.length) {
      const stored = await storeCovers(prisma, found.map(({ image }) => image))
      report.stored += stored
      report.albums += await linkAlbums(prisma, found.map(({ job, image }) => ({ artist: job.artist, album: job.album, hash: image.hash })))
    }
    // Art files of this batch are not needed again once read, unless a later album shares the folder.
    if (files.size > 256) files.clear()
    await nextTurn()
  }
  return report
}

/** Inserts the covers not held yet, sending the bytes of those only; how many were new. */
export async function storeCovers(prisma: PrismaClient, images: readonly CoverImage[]): Promise<number> {
  const unique = new Map(images.map((image) => [image.hash, image]))
  const held = await prisma.cover.findMany({ where: { hash: { in: [...unique.keys()] } }, select: { hash: true } })
  for (const { hash } of held) unique.delete(hash)
  if (!unique.size) return 0
  // Another import (on another instance) may store the same art meanwhile: the first one stays.
  const { count } = await prisma.cover.createMany({
    data: [...unique.values()].map(({ hash, mime, bytes, width, height }) => ({ hash, mime, bytes: Buffer.from(bytes), width, height })),
    skipDuplicates: true,
  })
  return count
}

/** Points the albums at their covers; how many changed. */
async function linkAlbums(prisma: PrismaClient, links: readonly { artist: { name: string; musicbrainzId: string | null }; album: string; hash: string }[]): Promise<number> {
  const mbids = [...new Set(links.flatMap(({ artist }) => (artist.musicbrainzId ? [artist.musicbrainzId] : [])))]
  const nameKeys = [...new Set(links.map(({ artist }) => matchKey(artist.name)))]
  const artists = await prisma.artist.findMany({
    where: { OR: [{ musicbrainzId: { in: mbids } }, { nameKey: { in: nameKeys } }] },
    select: { id: true, musicbrainzId: true, nameKey: true },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  })
  const byMbid = new Map(artists.flatMap((artist) => (artist.musicbrainzId ? [[artist.musicbrainzId, artist.id] as const] : [])))
  const byName = new Map<string, { id: string; musicbrainzId: string | null }>()
  for (const artist of artists) if (!byName.has(artist.nameKey)) byName.set(artist.nameKey, artist)
  const wanted = new Map<string, string>()
  for (const { artist, album, hash } of links) {
    const named = byName.get(matchKey(artist.name))
    const id =
      (artist.musicbrainzId && byMbid.get(artist.musicbrainzId)) ||
      (named && !(artist.musicbrainzId && named.musicbrainzId && named.musicbrainzId !== artist.musicbrainzId) ? named.id : undefined)
    if (id) wanted.set(`${id}\n${matchKey(album)}`, hash)
  }
  if (!wanted.size) return 0
  const albums = await prisma.album.findMany({
    where: { artistId: { in: [...new Set([...wanted.keys()].map((key) => key.split('\n')[0]!))] } },
    select: { id: true, artistId: true, titleKey: true, coverHash: true },
  })
  const byHash = new Map<string, string[]>()
  for (const album of albums) {
    const hash = wanted.get(`${album.artistId}\n${album.titleKey}`)
    if (hash && hash !== album.coverHash) byHash.set(hash, [...(byHash.get(hash) ?? []), album.id])
  }
  let changed = 0
  for (const [hash, ids] of byHash) changed += (await prisma.album.updateMany({ where: { id: { in: ids } }, data: { coverHash: hash } })).count
  return changed
}
