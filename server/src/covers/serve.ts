import type { IncomingMessage, ServerResponse } from 'node:http'
import type { PrismaClient } from '@portrait/prisma'
import sharp from 'sharp'

/** The sizes served, in CSS pixels squared: a card, a header, a header on a dense screen. */
export const COVER_SIZES = [128, 256, 512] as const
export type CoverSize = (typeof COVER_SIZES)[number]

/** The served size for a size asked in GraphQL: the smallest at least as large, else the largest. */
export function coverSize(asked: number): CoverSize {
  return COVER_SIZES.find((size) => size >= asked) ?? COVER_SIZES.at(-1)!
}

/** The URL of a cover at a size: it names the content, so it may be cached for good. */
export function coverUrl(hash: string, size: number): string {
  return `/covers/${hash}?size=${coverSize(size)}`
}

const HASH = /^[0-9a-f]{64}$/
// Bumped when the encoding below changes, so caches holding the old rendition are not told it is current.
const RENDITION = 'w1'

export interface CoverHandlerOptions {
  /** Bytes of resized images kept in memory. */
  cacheBytes?: number
}

/**
 * Serves album art at GET /covers/:hash?size=128|256|512, resized to a square WebP. The URL
 * names the content (the SHA-256 of the original), so the answer is immutable: a strong ETag,
 * a year of caching, 304 on revalidation without touching the database. Resized images are
 * kept in a least-recently-used cache, and concurrent requests for one rendition resize once.
 */
export function createCoverHandler(prisma: PrismaClient, { cacheBytes = 48 * 1024 * 1024 }: CoverHandlerOptions = {}) {
  const cache = new Map<string, Buffer>()
  let cached = 0
  const inFlight = new Map<string, Promise<Buffer | null>>()

  const remember = (key: string, image: Buffer) => {
    if (image.length > cacheBytes) return
    cache.set(key, image)
    cached += image.length
    for (const [oldest, held] of cache) {
      if (cached <= cacheBytes) break
      cache.delete(oldest)
      cached -= held.length
    }
  }

  const render = (hash: string, size: CoverSize): Promise<Buffer | null> => {
    const key = `${hash}:${size}`
    const hit = cache.get(key)
    if (hit) {
      // Most recently used goes last.
      cache.delete(key)
      cache.set(key, hit)
      return Promise.resolve(hit)
    }
    let pending = inFlight.get(key)
    if (!pending) {
      pending = (async () => {
        const row = await prisma.cover.findUnique({ where: { hash }, select: { bytes: true } })
        if (!row) return null
        const image = await sharp(row.bytes, { limitInputPixels: 10_000 * 10_000 })
          .rotate()
          .resize(size, size, { fit: 'cover', position: 'attention' })
          .webp({ quality: 80 })
          .toBuffer()
        remember(key, image)
        return image
      })().finally(() => inFlight.delete(key))
      inFlight.set(key, pending)
    }
    return pending
  }

  const send = (res: ServerResponse, status: number, message: string) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' })
    res.end(`${message}\n`)
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD')
      return send(res, 405, 'Covers are read with GET.')
    }
    const url = new URL(req.url ?? '/', 'http://cover')
    const hash = url.pathname.slice('/covers/'.length)
    if (!HASH.test(hash)) return send(res, 404, 'No such cover.')
    const asked = url.searchParams.get('size') ?? '256'
    const size = COVER_SIZES.find((s) => String(s) === asked)
    if (!size) return send(res, 400, `size must be one of ${COVER_SIZES.join(', ')}.`)
    const etag = `"${hash.slice(0, 32)}-${size}-${RENDITION}"`
    const headers = {
      'cache-control': 'public, max-age=31536000, immutable',
      etag,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'",
      'cross-origin-resource-policy': 'same-site',
    }
    // The content never changes under its URL: whoever holds this tag holds the image.
    const match = req.headers['if-none-match']
    if (match && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)) {
      res.writeHead(304, headers)
      return void res.end()
    }
    let image: Buffer | null
    try {
      image = await render(hash, size)
    } catch {
      return send(res, 500, 'The cover could not be read.')
    }
    if (!image) return send(res, 404, 'No such cover.')
    res.writeHead(200, { ...headers, 'content-type': 'image/webp', 'content-length': String(image.length) })
    res.end(req.method === 'HEAD' ? undefined : image)
  }
}
