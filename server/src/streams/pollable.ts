/**
 * An async iterator that can also hand over, without waiting, a step it already holds. A reader
 * far behind a generation takes the events it lacks in one go this way, rather than one turn of
 * the event loop per event (see streams/event-stream.ts). Its values never change once handed over:
 * the same object may go to many readers, and what is built from it is shared
 * (streams/shared-results.ts). A source that updates one object in place (a progress snapshot) is
 * not Pollable.
 */
export interface Pollable<T> {
  /** The next step if it is there now; 'wait' when there is none yet (then wait()); 'next' when only next() can tell. */
  poll(): IteratorResult<T> | 'wait' | 'next'
  /** Resolves when poll() may have a step: something came, or the iterator was stopped. */
  wait(): Promise<void>
}

export const isPollable = <T>(value: unknown): value is Pollable<T> =>
  typeof value === 'object' && value !== null && typeof (value as Pollable<T>).poll === 'function'
