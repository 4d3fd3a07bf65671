import { isIP } from 'node:net'
import type { IncomingHttpHeaders } from 'node:http'

/**
 * What a browser can send without asking the server first (no CORS preflight), and so what any web
 * page the collector visits can make it send here: GETs (`<img>`, `EventSource`), and POSTs with a
 * form's or `text/plain` body. CORS only hides the answer; the work is done all the same. These
 * checks run on the request's headers, before its body is read or anything runs.
 */

export interface GuardOptions {
  /** Host names this server answers to (lower case, without port); `*.example.org` matches its subdomains. */
  allowedHosts: readonly string[]
  /** Origins of other sites allowed to call the API (CORS_ORIGINS). */
  corsOrigins: readonly string[]
}

export interface Refusal {
  status: number
  code: string
  message: string
  headers?: Record<string, string>
}

/** The host name of a Host header, without its port; null when malformed. */
export function hostName(host: string | undefined): string | null {
  if (!host) return null
  const bracketed = /^(\[[0-9a-f:.]+\])(?::\d+)?$/i.exec(host)
  if (bracketed) return bracketed[1]!.toLowerCase()
  const plain = /^([^:[\]]+)(?::\d+)?$/.exec(host)
  return plain ? plain[1]!.toLowerCase().replace(/\.$/, '') : null
}

/**
 * Whether the server answers to this name. An address is always answered: DNS rebinding needs a
 * name the attacker controls, which a browser sends as it is (as Vite's `allowedHosts` reasons).
 */
export function hostAllowed(name: string, allowed: readonly string[]): boolean {
  if (isIP(name.replace(/^\[|\]$/g, ''))) return true
  return allowed.some((entry) => entry === name || (entry.startsWith('*.') && name.endsWith(entry.slice(1))))
}

/** Content types of a GraphQL request body: JSON, and multipart uploads (which also need a preflight header). */
const BODY_TYPES = ['application/json', 'application/graphql-response+json', 'application/graphql+json', 'multipart/form-data']

const mediaType = (contentType: string | undefined) => contentType?.split(';')[0]?.trim().toLowerCase() ?? ''

/**
 * Checks a request for the API (/graphql and /graphql/stream) on its headers alone: the name it
 * was sent to, the page it came from, and the type of its body. Returns why it is refused, or null.
 */
export function checkApiRequest(method: string, headers: IncomingHttpHeaders, options: GuardOptions): Refusal | null {
  const name = hostName(headers.host)
  if (!name || !hostAllowed(name, options.allowedHosts)) {
    return {
      status: 421,
      code: 'MISDIRECTED_REQUEST',
      message: 'This server does not answer to that host name: add it to ALLOWED_HOSTS if it is yours.',
    }
  }
  const origin = headers.origin
  // A preflight is answered by the CORS rules: without a listed origin it gets no permission.
  if (method !== 'OPTIONS') {
    const own = origin !== undefined && sameOrigin(origin, headers.host!)
    const listed = origin !== undefined && options.corsOrigins.includes(origin)
    const site = headers['sec-fetch-site']
    // `Origin: null` (a sandboxed frame, a redirect) is another site as well.
    const foreign = (origin !== undefined && !own && !listed) || (origin === undefined && (site === 'cross-site' || site === 'same-site'))
    if (foreign) {
      return {
        status: 403,
        code: 'FORBIDDEN_ORIGIN',
        message: 'Requests from other web pages are refused: list their origin in CORS_ORIGINS to allow them.',
      }
    }
  }
  if (method === 'POST' && !BODY_TYPES.includes(mediaType(headers['content-type']))) {
    return {
      status: 415,
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'Send GraphQL requests as `Content-Type: application/json` (uploads as multipart/form-data).',
    }
  }
  return null
}

/** Whether an Origin header names the site this request was sent to (by its Host). */
function sameOrigin(origin: string, host: string): boolean {
  if (!URL.canParse(origin)) return false
  const url = new URL(origin)
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host.toLowerCase()
}

/** The body of a refusal, shaped as a GraphQL response so that every client can read it. */
export function refusalBody({ code, message }: Refusal): string {
  return JSON.stringify({ errors: [{ message, extensions: { code } }] })
}
