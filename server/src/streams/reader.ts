/**
 * The one contract between a running generation and the transports that write it: a reader.
 *
 * A reader is an async iterator whose steps can also be taken without waiting. `poll()` says, in
 * one vocabulary shared by every layer (the hub's follower, the fact checks, the shared results,
 * the pump that writes frames):
 * - an iterator step: an event ready now (`{ done: false, value }`), or the end (`{ done: true }`);
 * - `'wait'`: nothing yet; `wait()` resolves when there may be (or the reader was stopped);
 * - `'next'`: only `next()` can tell (the step is still being made, or must pass through the
 *   GraphQL pipeline's hooks, as a result carrying errors must, to be masked).
 *
 * A reader far behind a generation takes what it lacks in one go this way rather than a turn of
 * the event loop per event. Values handed over never change: the same object goes to many readers,
 * and what is built from it (a result, a frame) is built once for all of them. A source that
 * updates one object in place (a progress snapshot) is a plain async iterator, not a reader.
 */
export type Step<T> = IteratorResult<T> | 'wait' | 'next'

export interface Reader<T> extends AsyncIterableIterator<T> {
  poll(): Step<T>
  wait(): Promise<void>
}

export const isReader = <T>(value: unknown): value is Reader<T> =>
  typeof value === 'object' && value !== null && typeof (value as Reader<T>).poll === 'function'

/** The end of a reader: one frozen object for all. */
export const ENDED: IteratorReturnResult<undefined> = Object.freeze({ done: true as const, value: undefined })
