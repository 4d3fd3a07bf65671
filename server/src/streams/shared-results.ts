import { buildExecutionContext, execute, subscribe } from '@graphql-tools/executor'
import {
  createSourceEventStream,
  getOperationAST,
  Kind,
  print,
  visit,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type FieldNode,
} from 'graphql'
import { isAsyncIterable } from 'graphql-yoga'
import { isPollable } from './pollable.ts'

/**
 * Subscriptions whose readers share their results: every reader of one generation receives the
 * same event objects, so the execution of an event for one selection is done once and handed to
 * every reader with that selection. A thousand readers of one portrait cost one execution of each
 * chunk, not a thousand; the result object being the same, its serialisation is shared too
 * (see event-stream.ts).
 */

/** What the result of one event depends on, besides the event: the selection under the root field and the variables it uses. */
interface Shape {
  text: string
  variables: string[]
}

const shapes = new WeakMap<DocumentNode, Map<string, Shape | null>>()

/**
 * The operation's selection without the root field's arguments: those say which generation and
 * from where, and the events already carry that; two readers resuming at different offsets read
 * the same results. Null when the operation cannot be described so (a fragment at the root).
 */
function shapeOf(document: DocumentNode, operationName: string | null | undefined): Shape | null {
  let byName = shapes.get(document)
  if (!byName) shapes.set(document, (byName = new Map()))
  const name = operationName ?? ''
  if (byName.has(name)) return byName.get(name)!
  const operation = getOperationAST(document, operationName)
  let shape: Shape | null = null
  if (operation && operation.selectionSet.selections.every((selection) => selection.kind === Kind.FIELD)) {
    const selections = (operation.selectionSet.selections as FieldNode[]).map((field) => ({ ...field, arguments: [] }))
    const fragments = document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)
    const parts = [{ kind: Kind.SELECTION_SET, selections } as const, ...fragments]
    const variables = new Set<string>()
    for (const part of parts) visit(part, { Variable: (node) => void variables.add(node.name.value) })
    shape = { text: parts.map((part) => print(part)).join('\n'), variables: [...variables].sort() }
  }
  byName.set(name, shape)
  return shape
}

/** The key readers sharing results have in common; null when this reader's results are its own. */
function groupOf(args: Pick<ExecutionArgs, 'document' | 'operationName' | 'variableValues' | 'contextValue'>): string | null {
  const shape = shapeOf(args.document, args.operationName)
  if (!shape) return null
  const values = shape.variables.map((name) => args.variableValues?.[name] ?? null)
  // Nothing under the root field reads the context today; who is asking is in the key all the same,
  // so that a field that does one day cannot hand one reader's view to another.
  const authenticated = (args.contextValue as { authenticated?: unknown } | undefined)?.authenticated === true
  return `${authenticated ? 1 : 0}${JSON.stringify(values)}${shape.text}`
}

type Result = ExecutionResult | Promise<ExecutionResult>
const results = new WeakMap<object, Map<string, Result>>()

/** The result of an event for a group of readers: executed by the first of them, then handed out. */
function sharedResult(event: object, group: string, run: () => Result): Result {
  let byGroup = results.get(event)
  if (!byGroup) results.set(event, (byGroup = new Map()))
  let result = byGroup.get(group)
  if (!result) byGroup.set(group, (result = run()))
  return result
}

/** Results a reader can take without a turn each (see event-stream.ts): those that need no plugin's attention. */
export interface PollableResults extends AsyncIterableIterator<ExecutionResult> {
  /**
   * A result ready now without errors; 'done' at the end; 'wait' when none is there yet (then
   * wait()); 'next' when the result must go through `next()` (and so through the pipeline).
   */
  poll(): ExecutionResult | 'done' | 'wait' | 'next'
  wait(): Promise<void>
}

const ended: IteratorReturnResult<undefined> = { done: true, value: undefined }

/**
 * The source's events mapped to their results. `poll()` hands over a result ready now; a result
 * that is not (still executing, or carrying errors, which yoga's masking must see) is kept for
 * `next()`, so that it takes the pipeline's way, in order.
 */
function resultsOf(source: AsyncIterator<unknown>, map: (event: unknown) => Result): PollableResults {
  let kept: Result | null = null
  const pollable = isPollable<unknown>(source) ? source : null
  const stepOf = (result: Result): Promise<IteratorResult<ExecutionResult>> => Promise.resolve(result).then((value) => ({ done: false, value }))
  const results: PollableResults = {
    next() {
      if (kept) {
        const result = kept
        kept = null
        return stepOf(result)
      }
      return source.next().then((step) => (step.done ? ended : stepOf(map(step.value))))
    },
    poll() {
      if (kept || !pollable) return 'next'
      const step = pollable.poll()
      if (step === 'wait' || step === 'next') return step
      if (step.done) return 'done'
      let result: Result
      try {
        result = map(step.value)
      } catch (error) {
        result = Promise.reject(error)
      }
      if (result instanceof Promise || result.errors?.length) {
        kept = result
        return 'next'
      }
      return result
    },
    wait() {
      return pollable && !kept ? pollable.wait() : Promise.resolve()
    },
    async return() {
      kept = null
      await source.return?.()
      return ended
    },
    async throw(error: unknown) {
      await source.return?.()
      throw error
    },
    [Symbol.asyncIterator]() {
      return results
    },
  }
  return results
}

export interface SharedSubscribeOptions {
  /** Told of each execution of an event (what sharing saves shows against deliveries). */
  executed?: () => void
  /** Told of each stream of shared results, with the request it answers. */
  opened?: (request: Request, results: PollableResults) => void
}

/**
 * A subscribe function for envelop: yoga's own executor, with the per-event execution shared by
 * the readers of one event whose operations have the same shape. The executor maps each event
 * itself, so the source stream is graphql-js's (the field's own `subscribe`), and each event is
 * executed here with the executor's `execute`, once per group.
 */
export function createSharedSubscribe({ executed, opened }: SharedSubscribeOptions = {}) {
  return function sharedSubscribe(args: ExecutionArgs) {
    const group = groupOf(args)
    // Arguments it cannot run (a variable of the wrong type) get the executor's own 400.
    if (group === null || !('schema' in buildExecutionContext(args))) return subscribe(args)
    const run = (event: unknown) => {
      executed?.()
      return execute({ ...args, rootValue: event }) as Result
    }
    const stream = (source: Awaited<ReturnType<typeof createSourceEventStream>>) => {
      if (!isAsyncIterable(source)) return source
      const events = source[Symbol.asyncIterator]()
      // Only events that never change are shared by identity (see Pollable); a source that
      // updates one object in place has each of its events executed as it comes.
      const share = isPollable(events)
      const results = resultsOf(events, (event: unknown) =>
        share && typeof event === 'object' && event !== null ? sharedResult(event, group, () => run(event)) : run(event),
      )
      const request = (args.contextValue as { request?: Request } | undefined)?.request
      if (request) opened?.(request, results)
      return results
    }
    const source = createSourceEventStream(args)
    return source instanceof Promise ? source.then(stream) : stream(source)
  }
}
