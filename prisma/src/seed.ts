import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { PrismaClient } from '../generated/client.ts'
import { artistKeys, matchKey } from './search.ts'

const seedFile = join(dirname(fileURLToPath(import.meta.url)), '../seed/artists.json')

const SeedArtist = z.object({
  slug: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  sortName: z.string().min(1),
  country: z.string().length(2).nullable(),
  genres: z.array(z.string().min(1)).min(1),
  formedYear: z.number().int().nullable(),
  endedYear: z.number().int().nullable(),
  bio: z.string().nullable(),
  links: z.array(z.object({ label: z.string(), url: z.url() })),
  albums: z.array(
    z.object({
      title: z.string().min(1),
      year: z.number().int().nullable(),
      label: z.string().nullable(),
      format: z.enum(['VINYL', 'CD', 'CASSETTE', 'DIGITAL']),
    }),
  ),
})
export type SeedArtist = z.infer<typeof SeedArtist>

export async function readSeed(file = seedFile): Promise<SeedArtist[]> {
  return z.array(SeedArtist).parse(JSON.parse(await readFile(file, 'utf8')))
}

/**
 * Loads the seed collection. Idempotent: artists are keyed by slug and albums by title, so a
 * second run updates rows in place and creates nothing new.
 */
export async function seed(prisma: PrismaClient, artists?: SeedArtist[]): Promise<{ artists: number; albums: number }> {
  const rows = artists ?? (await readSeed())
  let albums = 0
  for (const { albums: artistAlbums, slug, ...fields } of rows) {
    const data = {
      ...fields,
      ...artistKeys(fields.name, fields.sortName, artistAlbums.map((album) => album.title)),
    }
    const artist = await prisma.artist.upsert({
      where: { slug },
      create: { slug, ...data },
      update: data,
      select: { id: true },
    })
    for (const { title, ...album } of artistAlbums) {
      await prisma.album.upsert({
        where: { artistId_titleKey: { artistId: artist.id, titleKey: matchKey(title) } },
        create: { artistId: artist.id, title, titleKey: matchKey(title), ...album },
        update: { title, ...album },
      })
      albums++
    }
  }
  return { artists: rows.length, albums }
}
