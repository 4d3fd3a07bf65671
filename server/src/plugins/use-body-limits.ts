import { createGraphQLError, type Plugin } from 'graphql-yoga'

const tooLarge = (limit: number) =>
  createGraphQLError(`Request body too large: at most ${limit} bytes.`, {
    extensions: { code: 'REQUEST_ENTITY_TOO_LARGE', http: { status: 413 } },
  })

/** Headers a browser cannot send cross-site without a CORS preflight. */
const PREFLIGHT_HEADERS = ['graphql-require-preflight', 'apollo-require-preflight', 'x-graphql-yoga-csrf']

/**
 * Two body limits, where yoga has one: operations stay small (`json`), while GraphQL multipart
 * uploads (imports) may carry files up to `multipart`. A body without a Content-Length is
 * counted as it streams. Multipart is a "simple" content type that browsers send cross-site
 * without asking, so an upload must also carry a header that forces a CORS preflight.
 */
export interface BodyLimitsOptions {
  /** Largest operation body, in bytes. */
  json: number
  /** Largest upload body, in bytes. */
  multipart: number
  /** Whether this request may send an upload at all (its token, when the server has tokens): checked on its headers, before its body is read. */
  mayUpload?: (request: Request) => boolean
  /** Uploads read at once; more are refused with 503 and Retry-After rather than held in memory. @default 2 */
  maxConcurrentUploads?: number
}

export function useBodyLimits({ json, multipart, mayUpload = () => true, maxConcurrentUploads = 2 }: BodyLimitsOptions): Plugin {
  let uploads = 0
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const isMultipart = request.headers.get('content-type')?.toLowerCase().startsWith('multipart/form-data') ?? false
      if (isMultipart && !PREFLIGHT_HEADERS.some((name) => request.headers.has(name))) {
        throw createGraphQLError('An upload must carry the header `GraphQL-Require-Preflight: 1`.', {
          extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
        })
      }
      if (isMultipart && !mayUpload(request)) {
        throw createGraphQLError('Uploading needs an API token: send `Authorization: Bearer <token>`.', {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        })
      }
      if (isMultipart && uploads >= maxConcurrentUploads) {
        throw createGraphQLError(`At most ${maxConcurrentUploads} uploads are read at once; try again shortly.`, {
          extensions: { code: 'TOO_MANY_UPLOADS', http: { status: 503, headers: { 'retry-after': '5' } } },
        })
      }
      const limit = isMultipart ? multipart : json
      const length = request.headers.get('content-length')
      if (length !== null) {
        if (!/^\d+$/.test(length)) throw createGraphQLError('Content-Length header is invalid.', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } })
        if (Number(length) > limit) throw tooLarge(limit)
      }
      if (!requestParser || !request.body) return
      const parse = requestParser
      setRequestParser((req) => {
        let read = 0
        // As yoga's own limiter does: the server adapter's stream classes unless the body is a native
        // stream, so that a refused body is drained by the adapter rather than its socket reset.
        const Transform = req.body instanceof ReadableStream ? TransformStream : fetchAPI.TransformStream
        const body = req.body!.pipeThrough(
          new Transform<Uint8Array, Uint8Array>({
            transform(chunk, controller) {
              read += chunk.byteLength
              if (read > limit) controller.error(tooLarge(limit))
              else controller.enqueue(chunk)
            },
          }),
        )
        const parsed = parse(new fetchAPI.Request(req.url, { method: req.method, headers: req.headers, signal: req.signal, body, duplex: 'half' } as RequestInit))
        if (!isMultipart) return parsed
        uploads++
        return Promise.resolve(parsed).finally(() => uploads--)
      })
    },
  }
}
