import type { PrismaClient } from '@portrait/prisma'
import type { Article, ArticleEvent, ArticleFactCheckEvent, ArticleService, FactService, GenerateRequest } from '@portrait/schema/services'
import { checkFacts } from '../domain/facts/check.ts'
import { createFactStream, type FactStream } from '../domain/facts/stream.ts'
import type { CollectionFacts } from '../domain/facts/types.ts'
import { ENDED, isReader, type Reader } from '../streams/reader.ts'

/**
 * Portraits checked against the collection: a saved one when it is read (so a corrected year
 * re-checks every portrait of the artist), and one being written block by block, its checks sent
 * to its readers as `ArticleFactCheck` events right after the chunk that finishes each block.
 *
 * The live checks are not stored nor passed between instances: they follow from the text and the
 * collection, so each instance derives them for its own readers, a resumed reader included. One
 * ledger per generation checks each block once, however many readers, and hands them all the same
 * event objects, whose execution readers then share (see ../streams/shared-results.ts).
 */

/** How long an artist's facts are reused between readers: joining a generation costs no query. */
const FACTS_TTL_MS = 5000

export function createFactChecks(prisma: PrismaClient) {
  const cache = new Map<string, { at: number; facts: Promise<CollectionFacts | null> }>()

  const read = (artistId: string): Promise<CollectionFacts | null> =>
    prisma.artist
      .findUnique({
        where: { id: artistId },
        select: { name: true, country: true, formedYear: true, endedYear: true, albums: { select: { title: true, year: true } } },
      })
      .catch(() => null)

  function factsOf(artistId: string): Promise<CollectionFacts | null> {
    const hit = cache.get(artistId)
    if (hit && performance.now() - hit.at < FACTS_TTL_MS) return hit.facts
    const facts = read(artistId)
    cache.set(artistId, { at: performance.now(), facts })
    if (cache.size > 1000) cache.delete(cache.keys().next().value!)
    return facts
  }

  const service: FactService = {
    async checksOf(article: Article) {
      // As the collection is now: a year corrected a moment ago counts.
      const facts = await read(article.artistId)
      return facts ? checkFacts(article.markdown, facts, article.language) : []
    },
  }

  const ledgers = new Map<string, Ledger>()
  function ledgerOf(generationId: string, facts: CollectionFacts, language: string): Ledger {
    let ledger = ledgers.get(generationId)
    if (!ledger) {
      ledger = new Ledger(generationId, facts, language, () => ledgers.delete(generationId))
      ledgers.set(generationId, ledger)
    }
    ledger.readers++
    return ledger
  }

  /** The article service, its streams carrying the checks of each block as it is finished. */
  function withChecks(articles: ArticleService): ArticleService {
    return {
      ...articles,
      generate(request: GenerateRequest) {
        return checked(articles.generate(request), factsOf(request.artistId), ledgerOf)
      },
    }
  }

  return { service, withChecks }
}

/** The checks of one generation's text, in order, each with the text length at which a reader has its block in full. */
class Ledger {
  readers = 0
  readonly entries: { readyAt: number; event: ArticleFactCheckEvent }[] = []
  private stream: FactStream | null = null
  private fed = 0
  private ended = false

  constructor(
    private readonly generationId: string,
    private readonly facts: CollectionFacts,
    private readonly language: string,
    private readonly forget: () => void,
  ) {}

  /** Takes a chunk's text (once, whichever reader brings it first). */
  feed(offset: number, delta: string) {
    const end = offset + delta.length
    if (end <= this.fed || this.ended) return
    if (!this.stream) {
      // Started by a reader resuming past the start: the block it joins mid-way is not checked.
      const start = offset === 0 ? 0 : this.nextBlock(delta, offset)
      if (start === null) return
      this.stream = createFactStream(this.facts, this.language, start)
      delta = delta.slice(start - offset)
      offset = start
    }
    const fresh = delta.slice(Math.max(0, this.fed - offset))
    this.fed = end
    this.record(this.stream.push(fresh), end)
  }

  /** The text is complete: the last blocks' checks. */
  finish(length: number) {
    if (this.ended) return
    this.ended = true
    if (this.stream) this.record(this.stream.end(), length)
  }

  release() {
    if (--this.readers === 0) this.forget()
  }

  private nextBlock(delta: string, offset: number): number | null {
    const gap = delta.indexOf('\n\n')
    return gap === -1 ? null : offset + gap + 2
  }

  private record(checks: ArticleFactCheckEvent['checks'], readyAt: number) {
    if (checks.length) this.entries.push({ readyAt, event: { kind: 'factCheck', generationId: this.generationId, checks } })
  }
}

type Source = AsyncIterator<ArticleEvent> & Partial<Reader<ArticleEvent>>

/**
 * A reader's events with the fact checks of the blocks it has received in full, each sent right
 * after the chunk that completes it (those of the last blocks before the end). Keeps the source's
 * `poll()`, so that a reader far behind still takes what it lacks without a turn per event.
 */
function checked(
  events: AsyncIterable<ArticleEvent>,
  factsPromise: Promise<CollectionFacts | null>,
  ledgerOf: (generationId: string, facts: CollectionFacts, language: string) => Ledger,
): Reader<ArticleEvent> {
  const source: Source = events[Symbol.asyncIterator]()
  let facts: CollectionFacts | null | undefined
  void factsPromise.then((value) => (facts = value))
  let ledger: Ledger | null = null
  let taken = 0
  let offset = 0
  /** Where this reader's text starts (a resume offset): it had the statements before it already. */
  let from: number | null = null
  const queue: ArticleEvent[] = []

  /** What the reader receives for one event of the source: the event, and the checks it makes ready. */
  function take(event: ArticleEvent): ArticleEvent {
    if (event.kind === 'metadata' && facts) {
      ledger?.release()
      ledger = ledgerOf(event.generationId, facts, event.options.language)
      taken = 0
      from = null
    } else if (event.kind === 'chunk' && ledger) {
      from ??= event.offset
      ledger.feed(event.offset, event.delta)
      offset = event.offset + event.delta.length
      queue.push(...ready())
    } else if (event.kind === 'done' && ledger) {
      ledger.finish(event.length)
      offset = event.length
      const checks = ready()
      if (checks.length) {
        queue.push(...checks.slice(1), event)
        return checks[0]!
      }
    }
    return event
  }

  function ready(): ArticleEvent[] {
    const out: ArticleEvent[] = []
    if (!ledger) return out
    while (taken < ledger.entries.length && ledger.entries[taken]!.readyAt <= offset) {
      const { event } = ledger.entries[taken++]!
      const mine = from ? event.checks.filter((check) => check.start >= from!) : event.checks
      // The shared event as it is, for every reader that has its whole block: their results are shared too.
      if (mine.length === event.checks.length) out.push(event)
      else if (mine.length) out.push({ ...event, checks: mine })
    }
    return out
  }

  const close = () => {
    ledger?.release()
    ledger = null
  }

  const iterator: Reader<ArticleEvent> = {
    async next() {
      if (queue.length) return { done: false, value: queue.shift()! }
      if (facts === undefined) facts = await factsPromise
      const step = await source.next()
      if (step.done) {
        close()
        return ENDED
      }
      return { done: false, value: take(step.value) }
    },
    poll() {
      if (queue.length) return { done: false, value: queue.shift()! }
      if (facts === undefined || !isReader<ArticleEvent>(source)) return 'next'
      const step = source.poll()
      if (step === 'wait' || step === 'next') return step
      if (step.done) {
        close()
        return step
      }
      const value = take(step.value)
      // The source's own step when it is handed on as it is: shared by every reader, not made per reader.
      return value === step.value ? step : { done: false, value }
    },
    wait() {
      return queue.length || !isReader<ArticleEvent>(source) ? Promise.resolve() : source.wait()
    },
    async return() {
      close()
      queue.length = 0
      await source.return?.()
      return ENDED
    },
    [Symbol.asyncIterator]() {
      return iterator
    },
  }
  return iterator
}
