import { createRequire } from 'node:module'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

const require = createRequire(import.meta.url)

export default defineConfig({
  plugins: [vue()],
  resolve: {
    // graphql ships CommonJS and ESM builds; workspace sources must load the same copy as
    // graphql-yoga does, or `instanceof GraphQLError` fails and expected errors get masked.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    // graphql-ws tells the errors it is handed by `instanceof GraphQLError`: it must load the same
    // graphql as the server's code does here (the alias above), as it does in the built server.
    server: { deps: { inline: ['graphql-ws'] } },
    include: ['{prisma,schema,server,client}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    testTimeout: 60_000,
    // A browser on a busy two-core machine takes its time to show what it was told: polls wait for it.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 120_000,
    // Each file opens its own embedded database (about 300 MB); two cores, two at a time.
    maxWorkers: 2,
  },
})
