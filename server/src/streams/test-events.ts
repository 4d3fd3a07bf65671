import { buildSchema } from 'graphql'
import { ENDED, type Reader, type Step } from './reader.ts'

/**
 * A stand-in for generateArticle, for the tests of this folder: a subscription whose events are
 * the field's value, read by a reader the test controls, with a resolver that fails on the third.
 */

export const schema = buildSchema(`
  type Query { ok: Boolean }
  type Event { n: Int! text: String! }
  type Subscription { events: Event! }
`)
schema.getSubscriptionType()!.getFields().events!.resolve = (event: unknown) => event

export function text(this: { n: number }) {
  // A resolver may fail; what it says is the server's business, not the reader's.
  if (this.n === 3) throw new Error('secret detail at /srv/portrait')
  return `event ${this.n}`
}

export type Event = { n: number; text: typeof text }

export interface Source extends Reader<Event> {
  nexts: number
  polls: number
  returned: boolean
}

export const eventsOf = (count: number): Event[] => Array.from({ length: count }, (_, i) => ({ n: i + 1, text }))

/** A generation's reader: `held` events there at once, then (when `endless`) one more each time it is asked. */
export function source(held: number | Event[], { endless = false } = {}): Source {
  const events = typeof held === 'number' ? eventsOf(held) : held
  let taken = 0
  const step = (): IteratorResult<Event> => {
    if (taken < events.length) return { done: false, value: events[taken++]! }
    if (endless) return { done: false, value: { n: ++taken, text: () => `event ${taken}` } as never }
    return ENDED
  }
  const reader: Source = {
    nexts: 0,
    polls: 0,
    returned: false,
    poll(): Step<Event> {
      reader.polls++
      return reader.returned ? ENDED : step()
    },
    wait: async () => {},
    async next() {
      reader.nexts++
      return reader.returned ? ENDED : step()
    },
    async return() {
      reader.returned = true
      return ENDED
    },
    [Symbol.asyncIterator]: () => reader,
  }
  return reader
}

/** Lets the event loop turn: what is written is written, what waits waits. */
export async function settle(turns = 20) {
  for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => setImmediate(resolve))
}

/** What a source gave a reader that stopped reading: it must not grow however long the reader waits. */
export async function takenWhileStalled(events: Source): Promise<number> {
  await settle(50)
  const taken = events.polls + events.nexts
  await settle(200)
  if (events.polls + events.nexts !== taken) throw new Error(`a stalled reader kept pulling: ${taken}, then ${events.polls + events.nexts}`)
  return taken
}
