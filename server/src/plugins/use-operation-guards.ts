import { getNamedType, getNullableType, isListType, isLeafType, Kind, type DocumentNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql'
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity'
import { createGraphQLError, isAsyncIterable, type Plugin } from 'graphql-yoga'

export interface OperationGuardsOptions {
  /** Highest cost of one operation (MAX_QUERY_COST), list sizes given in variables included. */
  maxCost: number
  /** Largest response of a query or mutation, in bytes of JSON (MAX_RESPONSE_BYTES). */
  maxResponseBytes: number
}

/** Subscriptions that may start work that costs money: never over GET, which any page can send. */
const SPENDING_SUBSCRIPTIONS = new Set(['generateArticle'])

/** What a list without a `first` argument is taken to hold, by field name, when its cost is counted. */
const LIST_SIZES: Record<string, number> = {
  // A connection's edges are counted by its `first`.
  edges: 1,
  albums: 20,
  portraits: 10,
}
const DEFAULT_LIST_SIZE = 10
/** Fields whose value is long (a portrait's whole text), by name: each costs as much as many short ones. */
const FIELD_WEIGHTS: Record<string, number> = {
  markdown: 50,
}

const tooComplex = (message: string) => createGraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { spec: true, status: 400 } } })

function operationOf(document: DocumentNode, operationName: string | null | undefined): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)
  return operationName ? operations.find((operation) => operation.name?.value === operationName) : operations[0]
}

/**
 * The cost of each field: one, plus what it selects, times how many it returns. A connection
 * returns its `first` (from a literal or a variable alike); another list its usual size.
 * `exportCollection` costs the whole budget: one per operation, alone.
 */
function estimator(maxCost: number): ComplexityEstimator {
  return ({ field, args, childComplexity }) => {
    if (field.name === 'exportCollection') return maxCost
    // The schema's description (GraphiQL, codegen, typed clients) is small and fixed, whatever its lists.
    if (field.name.startsWith('__') || getNamedType(field.type).name.startsWith('__')) return 1 + childComplexity
    const type = getNullableType(field.type)
    // A page larger than any connection serves (100) is refused by its resolver, with its own error.
    const first = typeof args.first === 'number' && args.first > 0 ? Math.min(args.first, 100) : null
    if (first !== null) return 1 + childComplexity * first
    if (isListType(type) && !isLeafType(getNamedType(type))) return 1 + childComplexity * (LIST_SIZES[field.name] ?? DEFAULT_LIST_SIZE)
    return (FIELD_WEIGHTS[field.name] ?? 1) + childComplexity
  }
}

/** Whether a subscription's answer can be one this server streams: SSE, or multipart (yoga's, or Apollo's subscriptions). */
function acceptsStream(accept: string | null): boolean {
  if (!accept) return true
  return accept.split(',').some((part) => {
    const [type, ...params] = part.split(';').map((piece) => piece.trim().toLowerCase())
    if (params.some((param) => param === 'q=0')) return false
    return type === 'text/event-stream' || type === '*/*' || type === 'text/*' || type === 'multipart/mixed'
  })
}

/**
 * Refusals that must come before an operation runs, because running it is what costs: a
 * subscription that spends over GET (an `<img>` or `EventSource` on any page), one whose answer the
 * client cannot take (refused with 406 only after the model was called, otherwise), and an
 * operation whose cost, counted with its variables, is over the budget. And after a query ran, a
 * response too large to send.
 */
export function useOperationGuards({ maxCost, maxResponseBytes }: OperationGuardsOptions): Plugin {
  const estimators = [estimator(maxCost)]
  const check = (schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown> | null | undefined, operationName: string | null | undefined, request: Request | undefined) => {
    const operation = operationOf(document, operationName)
    if (!operation) return
    let cost: number
    try {
      cost = getComplexity({ schema, query: document, variables: variables ?? {}, operationName: operationName ?? undefined, estimators })
    } catch {
      // Variables that do not fit the operation: execution reports them before anything runs.
      return
    }
    if (cost > maxCost) throw tooComplex(`The operation costs ${cost}, over the limit of ${maxCost}: ask for fewer items or fields.`)
    if (operation.operation === 'subscription' && request) {
      const spends = operation.selectionSet.selections.some((selection) => selection.kind === Kind.FIELD && SPENDING_SUBSCRIPTIONS.has(selection.name.value))
      if (spends && request.method === 'GET') {
        throw createGraphQLError('This subscription can start a generation: send it with POST.', {
          extensions: { code: 'METHOD_NOT_ALLOWED', http: { status: 405, headers: { allow: 'POST' } } },
        })
      }
      if (!acceptsStream(request.headers.get('accept'))) {
        throw createGraphQLError('A subscription answers as a stream: accept `text/event-stream` (or `multipart/mixed`).', {
          extensions: { code: 'NOT_ACCEPTABLE', http: { status: 406 } },
        })
      }
    }
  }
  return {
    onExecute({ args }) {
      const request = (args.contextValue as { request?: Request }).request
      check(args.schema, args.document, args.variableValues as Record<string, unknown> | undefined, args.operationName, request)
      return {
        onExecuteDone({ result, setResult }) {
          if (isAsyncIterable(result)) return
          // Measured as the client would receive it: a bound on what one request may hold in memory.
          const size = Buffer.byteLength(JSON.stringify(result))
          if (size > maxResponseBytes) {
            setResult({
              errors: [
                createGraphQLError(`The response would be ${size} bytes, over the limit of ${maxResponseBytes}: ask for fewer items or fields.`, {
                  extensions: { code: 'RESPONSE_TOO_LARGE', http: { status: 413 } },
                }),
              ],
            })
          }
        },
      }
    },
    onSubscribe({ args }) {
      const request = (args.contextValue as { request?: Request }).request
      check(args.schema, args.document, args.variableValues as Record<string, unknown> | undefined, args.operationName, request)
    },
  }
}
