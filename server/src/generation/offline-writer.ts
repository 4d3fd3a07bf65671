import { setTimeout as sleep } from 'node:timers/promises'
import type { Album, Artist } from '@portrait/schema/services'
import { baseLanguage } from './language.ts'
import { countWords } from '../domain/article.ts'
import type { ArticleBrief, ArticleWriter, WriteResult, WriteSink } from './writer.ts'

export interface OfflineWriterOptions {
  /** Pace of the stream, like a model's. @default 40 */
  tokensPerSecond?: number
}

/** Region names in English take "the" after "from" for these (the United States, the Netherlands). */
const takesThe = new Set(['US', 'GB', 'NL', 'PH', 'AE', 'BS', 'GM', 'CD', 'CG', 'CF', 'DO', 'CZ', 'MV', 'SC', 'VA'])

/** A country's name from its ISO 3166 code, in the article's language; the code itself when unknown. */
function countryName(code: string, language: 'en' | 'fr'): string {
  let name: string | undefined
  try {
    name = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' }).of(code)
  } catch {
    name = undefined
  }
  if (!name) return code
  return language === 'en' && takesThe.has(code) ? `the ${name}` : name
}

interface Words {
  title: (name: string) => string
  atAGlance: string
  origin: string
  active: string
  genres: string
  inCollection: string
  story: string
  records: string
  discography: string
  columns: string
  start: string
  from: (country: string) => string
  /** The years the artist was active, or null when the collection does not say. */
  years: (a: Artist) => string | null
  holds: (n: number, first: Album, last: Album) => string
  album: (a: Album, i: number, n: number) => string
  startWith: (a: Album) => string
  note: string
  unknown: string
  format: Record<string, string>
}

const en: Words = {
  title: (name) => `# ${name}: a portrait`,
  atAGlance: 'At a glance',
  origin: 'Origin',
  active: 'Active',
  genres: 'Genres',
  inCollection: 'Albums in the collection',
  story: 'The story',
  records: 'The records',
  discography: 'Discography in the collection',
  columns: '| Year | Album | Label | Format |\n| --- | --- | --- | --- |',
  start: 'Where to start',
  from: (c) => `from ${c}`,
  years: (a) => (a.formedYear ? `${a.formedYear}–${a.endedYear ?? 'today'}` : a.endedYear ? `until ${a.endedYear}` : null),
  holds: (n, first, last) =>
    n === 1
      ? `The collection holds one album, *${first.title}*${first.year ? ` (${first.year})` : ''}.`
      : `The collection holds ${n} albums, from *${first.title}*${first.year ? ` (${first.year})` : ''} to *${last.title}*${last.year ? ` (${last.year})` : ''}.`,
  album: (a, i, n) =>
    `*${a.title}* ${a.year ? `came out in ${a.year}` : 'is undated in the collection'}${a.label ? ` on ${a.label}` : ''}. ` +
    (i === 0 ? 'It is the earliest record of theirs on these shelves' : i === n - 1 ? 'It is the latest record of theirs on these shelves' : `It is number ${i + 1} of ${n} here, in order of release`) +
    `, kept on ${a.format.toLowerCase()}.`,
  startWith: (a) => `Begin with *${a.title}*${a.year ? ` (${a.year})` : ''}, then follow the records in order to hear how the sound moved.`,
  note: '*Composed by the built-in offline writer from the collection data alone; set a model to get a full portrait.*',
  unknown: 'unknown',
  format: { VINYL: 'vinyl', CD: 'CD', CASSETTE: 'cassette', DIGITAL: 'digital' },
}

const fr: Words = {
  title: (name) => `# ${name} : un portrait`,
  atAGlance: 'En bref',
  origin: 'Origine',
  active: 'Période d’activité',
  genres: 'Genres',
  inCollection: 'Albums dans la collection',
  story: 'L’histoire',
  records: 'Les disques',
  discography: 'Discographie dans la collection',
  columns: '| Année | Album | Label | Format |\n| --- | --- | --- | --- |',
  start: 'Par où commencer',
  from: (c) => `originaire de : ${c}`,
  years: (a) => (a.formedYear ? `${a.formedYear}–${a.endedYear ?? 'aujourd’hui'}` : a.endedYear ? `jusqu’en ${a.endedYear}` : null),
  holds: (n, first, last) =>
    n === 1
      ? `La collection compte un album, *${first.title}*${first.year ? ` (${first.year})` : ''}.`
      : `La collection compte ${n} albums, de *${first.title}*${first.year ? ` (${first.year})` : ''} à *${last.title}*${last.year ? ` (${last.year})` : ''}.`,
  album: (a, i, n) =>
    `*${a.title}* ${a.year ? `est paru en ${a.year}` : 'n’est pas daté dans la collection'}${a.label ? ` chez ${a.label}` : ''}. ` +
    (i === 0 ? 'C’est le plus ancien de ses disques sur ces étagères' : i === n - 1 ? 'C’est le plus récent de ses disques sur ces étagères' : `C’est le numéro ${i + 1} sur ${n}, par ordre de parution`) +
    `, conservé en ${a.format.toLowerCase()}.`,
  startWith: (a) => `Commencez par *${a.title}*${a.year ? ` (${a.year})` : ''}, puis suivez les disques dans l’ordre pour entendre le son évoluer.`,
  note: '*Rédigé par le rédacteur hors ligne intégré à partir des seules données de la collection ; configurez un modèle pour un portrait complet.*',
  unknown: 'inconnue',
  format: { VINYL: 'vinyle', CD: 'CD', CASSETTE: 'cassette', DIGITAL: 'numérique' },
}

/** Escapes text from the collection so that it cannot change the Markdown around it. */
const md = (text: string) => text.replace(/([\\`*_[\]<>|#])/g, '\\$1')

/** Composes a factual Markdown portrait from collection data alone: no model, no invention. */
export function composePortrait({ artist, albums, options }: ArticleBrief): string {
  const french = baseLanguage(options.language) === 'fr'
  const w = french ? fr : en
  const country = artist.country ? countryName(artist.country, french ? 'fr' : 'en') : w.unknown
  const safe = albums.map((a) => ({ ...a, title: md(a.title), label: a.label ? md(a.label) : null }))
  const first = safe[0]
  const last = safe.at(-1)
  const years = w.years(artist)
  const sections = [
    w.title(md(artist.name)),
    `${md(artist.name)} — ${w.from(country)}, ${artist.genres.map(md).join(', ')}.`,
    `## ${w.atAGlance}`,
    [
      `- **${w.origin}:** ${country}`,
      years && `- **${w.active}:** ${years}`,
      `- **${w.genres}:** ${artist.genres.map(md).join(', ')}`,
      `- **${w.inCollection}:** ${albums.length}`,
    ]
      .filter(Boolean)
      .join('\n'),
    `## ${w.story}`,
    artist.bio ? md(artist.bio) : w.unknown,
    first && last ? w.holds(safe.length, first, last) : '',
    `## ${w.records}`,
    ...safe.map((album, i) => `### ${album.title}${album.year ? ` (${album.year})` : ''}\n\n${w.album(album, i, safe.length)}`),
    `## ${w.discography}`,
    `${w.columns}\n${safe.map((a) => `| ${a.year ?? ''} | ${a.title} | ${a.label ?? ''} | ${w.format[a.format] ?? a.format} |`).join('\n')}`,
    `## ${w.start}`,
    first ? w.startWith(first) : '',
    '---',
    w.note,
  ]
  return `${sections.filter(Boolean).join('\n\n')}\n`
}

/** The default writer: streams `composePortrait` at a model-like pace, one word at a time. */
export class OfflineWriter implements ArticleWriter {
  readonly model = 'portrait-offline-writer'
  readonly offline = true
  readonly languages = ['en', 'fr'] as const
  private readonly delayMs: number

  constructor(options: OfflineWriterOptions = {}) {
    this.delayMs = 1000 / (options.tokensPerSecond ?? 40)
  }

  plannedWords(brief: ArticleBrief): number {
    return countWords(composePortrait(brief))
  }

  async write(brief: ArticleBrief, sink: WriteSink, signal: AbortSignal): Promise<WriteResult> {
    const tokens = composePortrait(brief).match(/\s*\S+/g) ?? []
    const started = performance.now()
    for (const [i, token] of tokens.entries()) {
      // Paced against the clock, so timer drift does not slow the whole article down.
      const due = started + i * this.delayMs - performance.now()
      if (due > 0) await sleep(due, undefined, { signal }).catch(() => {})
      if (signal.aborted) throw signal.reason
      sink.text(token)
    }
    sink.text('\n')
    return { finishReason: 'stop', promptTokens: null, completionTokens: tokens.length }
  }
}
