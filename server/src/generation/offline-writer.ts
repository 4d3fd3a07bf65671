import { setTimeout as sleep } from 'node:timers/promises'
import type { Album, Artist } from '@portrait/schema/services'
import { baseLanguage } from './language.ts'
import { countWords, targetWords } from '../domain/article.ts'
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
  /** The heading of the listening notes that bring the portrait to its length. */
  listening: string
  /** Facts drawn across the albums held: spans, gaps, labels, formats, decades. */
  across: (albums: Album[]) => string[]
  /** One listening note on one album: a prompt for the reader, never a claim about the record. */
  note_: (a: Album, aspect: number, pass: number, opensPass: boolean) => string
  aspects: number
  passes: number
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
    `, kept on ${en.format[a.format] ?? a.format.toLowerCase()}.`,
  startWith: (a) => `Begin with *${a.title}*${a.year ? ` (${a.year})` : ''}, then follow the records in order to hear how the sound moved.`,
  note: '*Composed by the built-in offline writer from the collection data alone; set a model to get a full portrait.*',
  unknown: 'unknown',
  format: { VINYL: 'vinyl', CD: 'CD', CASSETTE: 'cassette', DIGITAL: 'digital' },
  listening: 'Listening notes',
  across: (albums) => acrossFacts(albums, {
    span: (n, a, b) => `The albums held here span ${n} years, from ${a} to ${b}.`,
    gap: (n, before, after) => n === 0 ? `*${after.title}* came out the same year as *${before.title}*.` : `*${after.title}* followed *${before.title}* after ${n} year${n === 1 ? '' : 's'}.`,
    labels: (list) => `Labels on these shelves: ${list}.`,
    formats: (list) => `Formats held: ${list}.`,
    decades: (list) => `By decade: ${list}.`,
    decade: (d) => `the ${d}s`,
    count: (n) => `${n} album${n === 1 ? '' : 's'}`,
    format: { VINYL: 'vinyl', CD: 'CD', CASSETTE: 'cassette', DIGITAL: 'digital' },
  }),
  note_: (a, aspect, pass, opensPass) => {
    const [heading, prompt] = enAspects[aspect]!
    const [frame, closing] = enPasses[pass]!
    const held = `${a.year ? `released in ${a.year}` : 'undated in the collection'}${a.label ? ` on ${a.label}` : ''}, held on ${en.format[a.format] ?? a.format}`
    return `**${heading} — *${a.title}*.** ${frame}${prompt.replaceAll('{t}', `*${a.title}*`)}${opensPass ? ` ${closing}` : ''} (*${a.title}*: ${held}.)`
  },
  aspects: 12,
  passes: 6,
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
    `, conservé en ${fr.format[a.format] ?? a.format.toLowerCase()}.`,
  startWith: (a) => `Commencez par *${a.title}*${a.year ? ` (${a.year})` : ''}, puis suivez les disques dans l’ordre pour entendre le son évoluer.`,
  note: '*Rédigé par le rédacteur hors ligne intégré à partir des seules données de la collection ; configurez un modèle pour un portrait complet.*',
  unknown: 'inconnue',
  format: { VINYL: 'vinyle', CD: 'CD', CASSETTE: 'cassette', DIGITAL: 'numérique' },
  listening: 'Notes d’écoute',
  across: (albums) => acrossFacts(albums, {
    span: (n, a, b) => `Les albums présents ici couvrent ${n} ans, de ${a} à ${b}.`,
    gap: (n, before, after) => n === 0 ? `*${after.title}* est paru la même année que *${before.title}*.` : `*${after.title}* a suivi *${before.title}* ${n} an${n === 1 ? '' : 's'} plus tard.`,
    labels: (list) => `Labels sur ces étagères : ${list}.`,
    formats: (list) => `Formats présents : ${list}.`,
    decades: (list) => `Par décennie : ${list}.`,
    decade: (d) => `les années ${d}`,
    count: (n) => `${n} album${n === 1 ? '' : 's'}`,
    format: { VINYL: 'vinyle', CD: 'CD', CASSETTE: 'cassette', DIGITAL: 'numérique' },
  }),
  note_: (a, aspect, pass, opensPass) => {
    const [heading, prompt] = frAspects[aspect]!
    const [frame, closing] = frPasses[pass]!
    const held = `${a.year ? `paru en ${a.year}` : 'non daté dans la collection'}${a.label ? ` chez ${a.label}` : ''}, conservé en ${fr.format[a.format] ?? a.format}`
    return `**${heading} — *${a.title}*.** ${frame}${prompt.replaceAll('{t}', `*${a.title}*`)}${opensPass ? ` ${closing}` : ''} (*${a.title}* : ${held}.)`
  },
  aspects: 12,
  passes: 6,
}


/** What listening notes ask of the reader, by aspect: `[heading, prompt]`, `{t}` standing for the title. */
const enAspects: [string, string][] = [
  ['Opening', 'ask how the first track sets the terms for the rest of {t}: what it asks of you in its opening seconds, and whether the record keeps that promise.'],
  ['Voice', 'follow the voice through {t}: where it sits against the instruments, and when it steps back to let them speak.'],
  ['Rhythm', 'listen to whatever keeps time on {t}, the drums, the bass, a repeated figure, and notice what carries the pulse when the melody drops away.'],
  ['Running order', 'pay attention to the running order of {t}: how one track hands over to the next, where the record breathes and where it presses on.'],
  ['Space', 'notice the space around the sounds on {t}: what is close, what is far, what is dry and what is left to ring.'],
  ['Words', 'read the words of {t} as it plays, if the sleeve gives them, and mark the lines that come back to you afterwards.'],
  ['Dynamics', 'find the quietest moment on {t} and the loudest, and ask how the record travels from one to the other.'],
  ['Second half', 'start {t} from its middle rather than its beginning: the songs a record keeps for its second half often say more about it.'],
  ['One instrument', 'pick one instrument on {t} and follow only that one from start to finish, then hear how the others answer it.'],
  ['Endings', 'listen to how each song on {t} ends, a fade, a hard stop, a last chord left hanging, since endings show how a record means to be heard.'],
  ['Mood', 'write down three words for the mood of {t} after the first few songs, then check them again once the record is over.'],
  ['Company', 'put {t} next to another record of the same years from your shelves and hear what the two share and where they part.'],
]
const enPasses: [string, string][] = [
  ['On a first listen, ', 'Let it play through once before judging any part of it.'],
  ['On a second listen, with headphones, ', 'Headphones bring forward details that a room tends to hide.'],
  ['Played quietly, in the background of an evening, ', 'A record that still holds you at low volume has something solid at its core.'],
  ['Coming back to it after a week away, ', 'What stayed with you in between is often what the record is really about.'],
  ['With the sleeve in hand, following its notes, ', 'Credits and notes often explain what the ear has only half caught.'],
  ['Straight after another record you know well, ', 'Contrast sharpens what belongs to each of them alone.'],
]
const frAspects: [string, string][] = [
  ['Ouverture', 'demandez-vous comment le premier morceau pose les règles du reste de {t} : ce qu’il attend de vous dès ses premières secondes, et si le disque tient cette promesse.'],
  ['La voix', 'suivez la voix tout au long de {t} : où elle se place face aux instruments, et quand elle se retire pour les laisser parler.'],
  ['Le rythme', 'écoutez ce qui tient le temps sur {t}, la batterie, la basse, un motif répété, et remarquez ce qui porte la pulsation quand la mélodie s’efface.'],
  ['L’enchaînement', 'soyez attentif à l’ordre des morceaux de {t} : comment l’un passe la main au suivant, où le disque respire et où il accélère.'],
  ['L’espace', 'remarquez l’espace autour des sons de {t} : ce qui est proche, ce qui est lointain, ce qui est sec et ce qu’on laisse résonner.'],
  ['Les paroles', 'lisez les paroles de {t} pendant l’écoute, si la pochette les donne, et notez les vers qui vous reviennent ensuite.'],
  ['Les nuances', 'trouvez le moment le plus calme de {t} et le plus fort, et voyez comment le disque passe de l’un à l’autre.'],
  ['La seconde moitié', 'lancez {t} par le milieu plutôt que par le début : les chansons qu’un disque garde pour sa seconde moitié en disent souvent davantage.'],
  ['Un instrument', 'choisissez un instrument de {t} et suivez-le seul du début à la fin, puis écoutez comment les autres lui répondent.'],
  ['Les fins', 'écoutez comment finit chaque chanson de {t}, un fondu, un arrêt net, un dernier accord suspendu, car les fins montrent comment un disque veut être entendu.'],
  ['L’humeur', 'notez trois mots sur l’humeur de {t} après les premières chansons, puis relisez-les une fois le disque terminé.'],
  ['En compagnie', 'placez {t} à côté d’un autre disque des mêmes années pris sur vos étagères, et écoutez ce qu’ils partagent et où ils divergent.'],
]
const frPasses: [string, string][] = [
  ['À la première écoute, ', 'Laissez-le passer en entier avant d’en juger la moindre partie.'],
  ['À la deuxième écoute, au casque, ', 'Le casque fait ressortir des détails qu’une pièce a tendance à cacher.'],
  ['Joué à bas volume, en fond de soirée, ', 'Un disque qui vous retient encore à faible volume a quelque chose de solide en son cœur.'],
  ['En y revenant après une semaine, ', 'Ce qui vous est resté entre-temps est souvent ce dont parle vraiment le disque.'],
  ['La pochette en main, en suivant ses notes, ', 'Les crédits et les notes expliquent souvent ce que l’oreille n’a qu’à moitié saisi.'],
  ['Juste après un autre disque que vous connaissez bien, ', 'Le contraste fait ressortir ce qui n’appartient qu’à chacun.'],
]

interface AcrossWords {
  span: (years: number, from: number, to: number) => string
  gap: (years: number, before: Album, after: Album) => string
  labels: (list: string) => string
  formats: (list: string) => string
  decades: (list: string) => string
  decade: (decade: number) => string
  count: (n: number) => string
  format: Record<string, string>
}

/** Counts of each key, most held first, as "key (n albums)". */
function tally(keys: string[], count: (n: number) => string): string {
  const counts = new Map<string, number>()
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1]).map(([key, n]) => `${key} (${count(n)})`).join(', ')
}

/** Facts read across the albums held: only what the collection says, nothing guessed. */
function acrossFacts(albums: Album[], w: AcrossWords): string[] {
  const dated = albums.filter((a) => a.year != null) as (Album & { year: number })[]
  const facts: string[] = []
  if (dated.length >= 2) {
    const [first, last] = [dated[0]!, dated.at(-1)!]
    if (last.year > first.year) facts.push(w.span(last.year - first.year, first.year, last.year))
    for (let i = 1; i < dated.length; i++) facts.push(w.gap(dated[i]!.year - dated[i - 1]!.year, dated[i - 1]!, dated[i]!))
  }
  const labels = albums.flatMap((a) => (a.label ? [a.label] : []))
  if (labels.length) facts.push(w.labels(tally(labels, w.count)))
  facts.push(w.formats(tally(albums.map((a) => w.format[a.format] ?? a.format), w.count)))
  if (dated.length) facts.push(w.decades(tally(dated.map((a) => w.decade(Math.floor(a.year / 10) * 10)), w.count)))
  return facts
}

/** Escapes text from the collection so that it cannot change the Markdown around it. */
const md = (text: string) => text.replace(/([\\`*_[\]<>|#])/g, '\\$1')

/**
 * Composes a factual Markdown portrait from collection data alone: no model, no invention. It
 * keeps the length asked for (within a few per cent whenever the collection gives enough to say)
 * with listening notes on the albums held: prompts for the reader, never claims about the records.
 * The text depends on the options' length, not on `targetWords`, so that what `plannedWords`
 * counts is what `write` then streams.
 */
export function composePortrait({ artist, albums, options }: ArticleBrief): string {
  const french = baseLanguage(options.language) === 'fr'
  const w = french ? fr : en
  const target = targetWords[options.length] ?? targetWords.MEDIUM
  const country = artist.country ? countryName(artist.country, french ? 'fr' : 'en') : w.unknown
  const safe = albums.map((a) => ({ ...a, title: md(a.title), label: a.label ? md(a.label) : null }))
  const first = safe[0]
  const last = safe.at(-1)
  const years = w.years(artist)
  const head = [
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
    first && last ? [w.holds(safe.length, first, last), ...(safe.length > 1 ? w.across(safe) : [])].join(' ') : '',
    `## ${w.records}`,
    ...safe.map((album, i) => `### ${album.title}${album.year ? ` (${album.year})` : ''}\n\n${w.album(album, i, safe.length)}`),
    `## ${w.discography}`,
    `${w.columns}\n${safe.map((a) => `| ${a.year ?? ''} | ${a.title} | ${a.label ?? ''} | ${w.format[a.format] ?? a.format} |`).join('\n')}`,
  ]
  const tail = [`## ${w.start}`, first ? w.startWith(first) : '', '---', w.note]
  let words = countWords([...head, ...tail].join('\n\n'))
  // Notes go in by pass, then aspect, then album, so that each album is heard from every side
  // before any is heard a second time; they stop once the length is reached.
  const notes: string[] = []
  const enough = target * 0.97
  for (let pass = 0; pass < w.passes && words < enough; pass++) {
    for (let aspect = 0; aspect < w.aspects && words < enough; aspect++) {
      for (const [i, album] of safe.entries()) {
        if (words >= enough) break
        const note = w.note_(album, (aspect + i * 5 + pass * 7) % w.aspects, pass, aspect === 0 && i === 0)
        if (!notes.length) words += countWords(`## ${w.listening}`)
        notes.push(note)
        words += countWords(note)
      }
    }
  }
  const sections = [...head, ...(notes.length ? [`## ${w.listening}`, ...notes] : []), ...tail]
  return `${sections.filter(Boolean).join('\n\n')}\n`
}

/** About how many pieces the offline writer streams a portrait in, whatever its length. */
const piecesPerPortrait = 300

/** The default writer: streams `composePortrait` at a model-like pace, a word or a few at a time. */
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
    const words = composePortrait(brief).match(/\s*\S+/g) ?? []
    // A few words a piece for the longer lengths: a portrait streams in about the same time
    // whatever its length (some 300 pieces), as the demo and the tests that pace it expect.
    const size = Math.max(1, Math.round(words.length / piecesPerPortrait))
    const tokens = Array.from({ length: Math.ceil(words.length / size) }, (_, i) => words.slice(i * size, (i + 1) * size).join(''))
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
