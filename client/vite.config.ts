import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

const api = process.env.PORTRAIT_API ?? `http://127.0.0.1:${process.env.PORT ?? 4000}`

export default defineConfig({
  plugins: [vue()],
  server: {
    port: 5173,
    proxy: { '/graphql': { target: api, changeOrigin: true }, '/health': api },
  },
  build: { sourcemap: true },
})
