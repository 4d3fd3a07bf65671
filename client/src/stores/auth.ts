import { ref } from 'vue'

const storageKey = 'portrait:token'
const storage = globalThis.sessionStorage ?? null

/** The API token for this tab's session, when the server asks for one. */
export const token = ref<string>(storage?.getItem(storageKey) ?? '')
/** A query was refused for want of a token: on this server even reading needs one. */
export const readsNeedToken = ref(false)
/** The token given was refused. */
export const tokenRefused = ref(false)

export function setToken(value: string) {
  token.value = value.trim()
  tokenRefused.value = false
  readsNeedToken.value = false
  if (token.value) storage?.setItem(storageKey, token.value)
  else storage?.removeItem(storageKey)
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
