import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

const api = process.env.PORTRAIT_API ?? `http://127.0.0.1:${process.env.PORT ?? 4000}`
const devPort = 5173

/**
 * The API refuses pages of other origins; in development the app's pages come from Vite's own
 * origin, so requests it proxies say they come from the API's origin. Only Vite's own pages: a
 * request from another site that reaches the dev server keeps its origin, and is refused.
 */
const devOrigins = new Set([`http://localhost:${devPort}`, `http://127.0.0.1:${devPort}`, `http://[::1]:${devPort}`])
const asApi = {
  target: api,
  changeOrigin: true,
  configure(proxy: { on(event: 'proxyReq', listener: (proxyReq: { setHeader(name: string, value: string): void }, req: { headers: Record<string, string | string[] | undefined> }) => void): void }) {
    proxy.on('proxyReq', (proxyReq, req) => {
      const origin = req.headers.origin
      if (typeof origin === 'string' && devOrigins.has(origin)) proxyReq.setHeader('origin', new URL(api).origin)
    })
  },
}

export default defineConfig({
  plugins: [vue()],
  server: {
    port: devPort,
    strictPort: true,
    proxy: { '/graphql': asApi, '/health': api },
  },
  build: { sourcemap: true },
})
