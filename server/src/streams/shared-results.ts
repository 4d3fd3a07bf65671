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
import { ENDED, isReader, type Reader } from './reader.ts'

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
/** A result made at once is kept as the step that hands it over: one object for every reader. */
type Made = IteratorYieldResult<ExecutionResult> | Promise<ExecutionResult>
const results = new WeakMap<object, Map<string, Made>>()

const made = (result: Result): Made => (result instanceof Promise ? result : { done: false, value: result })

/** The result of an event for a group of readers: executed by the first of them, then handed out. */
function sharedResult(event: object, group: string, run: () => Result): Made {
  let byGroup = results.get(event)
  if (!byGroup) results.set(event, (byGroup = new Map()))
  let result = byGroup.get(group)
  if (!result) byGroup.set(group, (result = made(run())))
  return result
}

/**
 * The source's events mapped to their results, as a reader. `poll()` hands over a result made
 * at once and without errors; one that is not (still executing, or carrying errors, which yoga's
 * masking must see) is kept for `next()`, so that it takes the pipeline's way, in order.
 */
function resultsOf(source: AsyncIterator<unknown>, map: (event: unknown) => Made): Reader<ExecutionResult> {
  let kept: Made | null = null
  const reader = isReader<unknown>(source) ? source : null
  const settled = (result: Made): Promise<IteratorResult<ExecutionResult>> =>
    result instanceof Promise ? result.then((value) => ({ done: false, value })) : Promise.resolve(result)
  const results: Reader<ExecutionResult> = {
    next() {
      if (kept) {
        const result = kept
        kept = null
        return settled(result)
      }
      return source.next().then((step) => (step.done ? ENDED : settled(map(step.value))))
    },
    poll() {
      if (kept || !reader) return 'next'
      const step = reader.poll()
      if (typeof step !== 'object' || step.done) return step
      let result: Made
      try {
        result = map(step.value)
      } catch (error) {
        result = Promise.reject(error)
      }
      if (result instanceof Promise || result.value.errors?.length) {
        kept = result
        return 'next'
      }
      return result
    },
    wait() {
      return reader && !kept ? reader.wait() : Promise.resolve()
    },
    async return() {
      kept = null
      await source.return?.()
      return ENDED
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
}

/**
 * A subscribe function for envelop: yoga's own executor, with the per-event execution shared by
 * the readers of one event whose operations have the same shape. The executor maps each event
 * itself, so the source stream is graphql-js's (the field's own `subscribe`), and each event is
 * executed here with the executor's `execute`, once per group.
 */
export function createSharedSubscribe({ executed }: SharedSubscribeOptions = {}) {
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
      const share = isReader(events)
      return resultsOf(events, (event: unknown) =>
        share && typeof event === 'object' && event !== null ? sharedResult(event, group, () => run(event)) : made(run(event)),
      )
    }
    const source = createSourceEventStream(args)
    return source instanceof Promise ? source.then(stream) : stream(source)
  }
}
