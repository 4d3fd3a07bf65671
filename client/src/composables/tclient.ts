/**
 * Test helper: a GraphQL client as the app builds it (document cache, fetch, subscriptions) in
 * front of a fake server, which answers each operation by its name and records what it was asked.
 */
import { cacheExchange, Client, fetchExchange, subscriptionExchange } from '@urql/core'
import urql from '@urql/vue'
import { mount } from '@vue/test-utils'
import { defineComponent } from 'vue'

type Variables = Record<string, unknown>
/** The `data` an operation answers with (an `errors` array instead, when it has that key). */
export type Answer = unknown
export type Answers = Record<string, (variables: Variables) => Answer | Promise<Answer>>

interface Subscriber {
  name: string
  variables: Variables
  next(result: unknown): void
  error(error: Error): void
}

export interface FakeServer {
  client: Client
  /** The operations that reached the server, by name, in order (subscriptions when they open). */
  asked: { name: string; variables: Variables }[]
  /** How many times an operation reached the server. */
  count(name: string): number
  /**
   * How many times the app asked the client for an operation. The client merges a query asked
   * while the same one is on its way, so two readers of one thing reach the server once or
   * twice depending on timing: they show here either way.
   */
  requested(name: string): number
  /** Sends the data of one event to the open subscriptions of that name. */
  push(name: string, data: unknown): void
  /** Breaks the open subscriptions of that name, as a lost connection does. */
  fail(name: string, error?: Error): void
  /** The subscriptions open now. */
  open(name: string): { variables: Variables }[]
}

export function fakeServer(answers: Answers): FakeServer {
  const asked: FakeServer['asked'] = []
  const subscribers = new Set<Subscriber>()

  async function answer(name: string, variables: Variables) {
    asked.push({ name, variables })
    const respond = answers[name]
    if (!respond) throw new Error(`The fake server has no answer to ${name}`)
    const body = await respond(variables)
    return body && typeof body === 'object' && 'errors' in body ? body : { data: body }
  }

  const client = new Client({
    url: 'http://portrait.test/graphql',
    // Queries come by GET (urql's default), mutations by POST.
    fetch: async (url, init) => {
      const params = new URL(String(url)).searchParams
      const { operationName, variables } = (init?.body ? JSON.parse(String(init.body)) : { operationName: params.get('operationName'), variables: JSON.parse(params.get('variables') ?? '{}') }) as {
        operationName: string
        variables?: Variables
      }
      return new Response(JSON.stringify(await answer(operationName, variables ?? {})), { headers: { 'content-type': 'application/json' } })
    },
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe(sink) {
            const name = request.operationName ?? ''
            const variables = (request.variables ?? {}) as Variables
            asked.push({ name, variables })
            const subscriber: Subscriber = { name, variables, next: (result) => sink.next(result as never), error: (error) => sink.error(error) }
            subscribers.add(subscriber)
            return { unsubscribe: () => void subscribers.delete(subscriber) }
          },
        }),
      }),
    ],
  })

  const requests: string[] = []
  const execute = client.executeRequestOperation.bind(client)
  client.executeRequestOperation = (operation) => {
    const definition = operation.query.definitions.find((node) => node.kind === 'OperationDefinition')
    requests.push(definition?.name?.value ?? '')
    return execute(operation)
  }

  return {
    client,
    asked,
    requested: (name) => requests.filter((request) => request === name).length,
    count: (name) => asked.filter((operation) => operation.name === name).length,
    push(name, data) {
      for (const subscriber of [...subscribers]) if (subscriber.name === name) subscriber.next({ data })
    },
    fail(name, error = new Error('Connection lost')) {
      for (const subscriber of [...subscribers]) {
        if (subscriber.name !== name) continue
        subscribers.delete(subscriber)
        subscriber.error(error)
      }
    },
    open: (name) => [...subscribers].filter((subscriber) => subscriber.name === name).map(({ variables }) => ({ variables })),
  }
}

/** Runs a composable in a component's setup, with the client provided as the app provides it. */
export function withClient<T>(client: Client, composable: () => T) {
  let result: T | undefined
  const wrapper = mount(defineComponent({ setup: () => ((result = composable()), () => null) }), { global: { plugins: [[urql, client]] } })
  return { result: result as T, unmount: () => wrapper.unmount() }
}
