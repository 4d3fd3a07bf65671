/**
 * The Content-Security-Policy of the pages this server serves. They load nothing from elsewhere: a
 * portrait's Markdown is a model's output, and an image or frame in it must not make the reader's
 * browser call another site. Styles may be inline (Vue's style bindings); `script` and `worker`
 * name what a page may run besides its own files (GraphiQL inlines its scripts).
 */
export function contentPolicy({ script = ["'self'"], worker = [] as string[] } = {}): string {
  return [
    "default-src 'self'",
    `script-src ${script.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    ...(worker.length ? [`worker-src ${worker.join(' ')}`] : []),
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** The web app's pages: their own scripts only. */
export const APP_CSP = contentPolicy()

/** GraphiQL's page: its inlined scripts and the workers its editor starts. */
export const GRAPHIQL_CSP = contentPolicy({ script: ["'self'", "'unsafe-inline'", "'unsafe-eval'"], worker: ["'self'", 'blob:'] })
