import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { GenerationHub } from './generation/hub/hub.ts'

/** Prometheus metrics of one server: process defaults plus what generations do. */
export function createMetrics() {
  const registry = new Registry()
  // Plain numbers bumped on every event and reader, read only when scraped.
  const subscriptions = { executed: 0, delivered: 0 }
  collectDefaultMetrics({ register: registry, prefix: 'portrait_' })
  const metrics = {
    registry,
    subscriptions,
    upstreamRequests: new Counter({
      name: 'portrait_upstream_requests_total',
      help: 'Generations run against the model, by how they ended.',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    tokens: new Counter({
      name: 'portrait_completion_tokens_total',
      help: 'Completion tokens written (as reported by the provider, else chunks received).',
      registers: [registry],
    }),
    timeToFirstToken: new Histogram({
      name: 'portrait_time_to_first_token_seconds',
      help: 'From the start of a generation to its first text.',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
    chunkInterval: new Histogram({
      name: 'portrait_upstream_chunk_interval_seconds',
      help: 'Time between two chunks from the model.',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
      registers: [registry],
    }),
    rateLimited: new Counter({
      name: 'portrait_rate_limit_rejections_total',
      help: 'Generations refused by a limit.',
      labelNames: ['limit'] as const,
      registers: [registry],
    }),
    subscriptionExecutions: new Counter({
      name: 'portrait_subscription_executions_total',
      help: 'Subscription events executed as GraphQL: once per event and group of readers with the same selection, however many readers.',
      registers: [registry],
      collect() {
        this.reset()
        this.inc(subscriptions.executed)
      },
    }),
    subscriptionDeliveries: new Counter({
      name: 'portrait_subscription_events_delivered_total',
      help: 'Subscription events written to readers (one per event per reader).',
      registers: [registry],
      collect() {
        this.reset()
        this.inc(subscriptions.delivered)
      },
    }),
    /** Reports the hub's generations and readers when scraped. */
    watch(hub: GenerationHub) {
      new Gauge({
        name: 'portrait_generations_running',
        help: 'Generations this instance is running (the model calls it makes), not those it relays from other instances.',
        registers: [registry],
        collect() {
          this.set(hub.running().length)
        },
      })
      new Gauge({
        name: 'portrait_generations_running_cluster',
        help: 'Generations running on every instance sharing this one’s Redis (equal to portrait_generations_running without Redis).',
        registers: [registry],
        async collect() {
          this.set(await hub.runningCount())
        },
      })
      new Gauge({
        name: 'portrait_readers',
        help: 'Readers connected to this instance, whichever instance runs the generation they follow.',
        registers: [registry],
        collect() {
          this.set(hub.readerCount())
        },
      })
    },
  }
  return metrics
}

export type Metrics = ReturnType<typeof createMetrics>
