import type { UnsavedStore, UnsavedText } from './interfaces.ts'

/** Finished texts held by this process until the database takes them. */
export function createMemoryUnsaved(): UnsavedStore {
  const texts = new Map<string, UnsavedText>()
  const keys = new Map<string, string>()
  return {
    async hold(text) {
      texts.set(text.id, text)
      keys.set(text.key, text.id)
    },
    get: async (id) => texts.get(id),
    async byKey(key) {
      const id = keys.get(key)
      return id === undefined ? undefined : texts.get(id)
    },
    all: async () => [...texts.values()],
    async drop({ id, key }) {
      texts.delete(id)
      if (keys.get(key) === id) keys.delete(key)
    },
  }
}
