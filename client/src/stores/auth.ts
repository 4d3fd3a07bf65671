import { useSessionStorage } from '@vueuse/core'
import { ref } from 'vue'

/** The API token for this tab's session, when the server asks for one (kept in sessionStorage; empty is removed). */
export const token = useSessionStorage('portrait:token', '', { writeDefaults: false })
/** A query was refused for want of a token: on this server even reading needs one. */
export const readsNeedToken = ref(false)
/** The token given was refused. */
export const tokenRefused = ref(false)

export function setToken(value: string) {
  token.value = value.trim() || null
  tokenRefused.value = false
  readsNeedToken.value = false
}

/** Records that the server refused a request for want of a valid token. */
export function unauthenticated(read = false) {
  if (read) readsNeedToken.value = true
  tokenRefused.value = token.value !== ''
}

/** Headers for every request to the server, the event streams included. */
export function authHeaders(): Record<string, string> {
  return token.value ? { authorization: `Bearer ${token.value}` } : {}
}
