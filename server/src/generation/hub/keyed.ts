/**
 * Adds `value` to the set kept under `key`, and returns its removal, which drops the key once its
 * set is empty (and only while that set is still the one kept: a clear() may have replaced it).
 */
export function addKeyed<K, V>(map: Map<K, Set<V>>, key: K, value: V): () => void {
  let set = map.get(key)
  if (!set) map.set(key, (set = new Set()))
  set.add(value)
  const kept = set
  return () => {
    kept.delete(value)
    if (!kept.size && map.get(key) === kept) map.delete(key)
  }
}
