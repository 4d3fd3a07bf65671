import type { IncomingMessage } from 'node:http'
import proxyAddr from 'proxy-addr'

/**
 * Who a request comes from, for per-client limits. Directly, that is the socket's address; behind
 * proxies named in TRUST_PROXY (a number of hops, or their addresses and ranges), the address the
 * last trusted proxy saw, from `X-Forwarded-For`. Without TRUST_PROXY that header is ignored, since
 * any client can send it.
 */
export function createClientAddress(trust: false | number | readonly string[]): (req: IncomingMessage) => string {
  if (trust === false) return (req) => req.socket.remoteAddress ?? 'unknown'
  // proxy-addr counts the socket as the first hop, as Express does with `trust proxy` set to a number.
  const trusted = typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : proxyAddr.compile([...trust])
  return (req) => (req.socket.remoteAddress ? proxyAddr(req, trusted) : 'unknown')
}
