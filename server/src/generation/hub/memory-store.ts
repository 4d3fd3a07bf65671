import type { GenerationRecord, GenerationStore } from './interfaces.ts'

export interface MemoryStoreOptions {
  /** How long an owner's lease lasts without a heartbeat. @default 3000 */
  leaseMs?: number
  /** How long the record of a finished generation stays for late readers. @default 600000 */
  retentionMs?: number
}

/** The store of one process: every hub given the same store behaves as one cluster. */
export function createMemoryStore({ leaseMs = 3000, retentionMs = 600_000 }: MemoryStoreOptions = {}): GenerationStore {
  const records = new Map<string, GenerationRecord>()
  const keys = new Map<string, string>()
  /** Lease expiry (epoch ms) of each running generation. */
  const leases = new Map<string, number>()
  const readers = new Map<string, Map<string, number>>()
  const polled = new Map<string, number>()
  const rescued = new Set<string>()
  const live = (id: string) => (leases.get(id) ?? 0) > Date.now()

  function forget(id: string) {
    records.delete(id)
    readers.delete(id)
    polled.delete(id)
    rescued.delete(id)
  }

  return {
    async claim(record) {
      const holder = keys.get(record.key)
      if (holder && live(holder)) return holder
      records.set(record.id, record)
      keys.set(record.key, record.id)
      leases.set(record.id, Date.now() + leaseMs)
      return null
    },
    async heartbeat(owned) {
      for (const { id } of owned) if (leases.has(id)) leases.set(id, Date.now() + leaseMs)
    },
    async release({ id, key }) {
      if (keys.get(key) === id) keys.delete(key)
      leases.delete(id)
      setTimeout(() => forget(id), retentionMs).unref()
    },
    get: async (id) => records.get(id),
    async idOf(key) {
      const id = keys.get(key)
      return id && live(id) ? id : undefined
    },
    alive: async (id) => live(id),
    async runningCount() {
      let count = 0
      for (const id of leases.keys()) if (live(id)) count++
      return count
    },
    async setReaders(id, instance, count) {
      const counts = readers.get(id) ?? new Map<string, number>()
      counts.set(instance, count)
      readers.set(id, counts)
    },
    async readers(id) {
      let total = 0
      for (const count of readers.get(id)?.values() ?? []) total += count
      return total
    },
    async markPolled(id, ms) {
      polled.set(id, Date.now() + ms)
    },
    polled: async (id) => (polled.get(id) ?? 0) > Date.now(),
    async takeRescue(id) {
      if (rescued.has(id)) return false
      rescued.add(id)
      return true
    },
  }
}
