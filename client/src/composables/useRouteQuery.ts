import { computed, type WritableComputedRef } from 'vue'
import { useRoute, useRouter } from 'vue-router'

/** A string query parameter of the current URL, as a ref; writing it replaces the history entry. */
export function useRouteQuery(name: string): WritableComputedRef<string> {
  const route = useRoute()
  const router = useRouter()
  return computed({
    get: () => (typeof route.query[name] === 'string' ? route.query[name] : ''),
    set: (value) => {
      const query = { ...route.query, [name]: value || undefined }
      void router.replace({ query })
    },
  })
}
