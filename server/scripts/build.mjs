// Compiles the server to one ES module, server/dist/index.js, for `npm start` and `npm run serve`.
// The workspace packages (@portrait/schema, @portrait/prisma) are bundled in, since they ship
// TypeScript; every other package stays an import, resolved from server/node_modules at run time.
import { readFileSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('..', import.meta.url))
const workspace = fileURLToPath(new URL('../..', import.meta.url))
const { dependencies } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
const declared = new Set(Object.keys(dependencies))
const packageName = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')

await build({
  absWorkingDir: root,
  entryPoints: ['src/index.ts'],
  outfile: 'dist/index.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'portrait-workspace',
      setup(context) {
        // A package the server does not declare would not resolve from dist/ at run time: say so now.
        context.onResolve({ filter: /^[^./]/ }, ({ path }) => {
          if (path.startsWith('node:') || path.startsWith('@portrait/')) return undefined
          if (!declared.has(packageName(path))) {
            return { errors: [{ text: `${packageName(path)} is imported by the server's code but is not in server/package.json dependencies` }] }
          }
          return { path, external: true }
        })
        // Files find their data (migrations, the seed, the web app) next to their source: keep
        // each bundled file's own location rather than the bundle's.
        context.onLoad({ filter: /\.ts$/ }, ({ path }) => {
          if (!path.startsWith(workspace)) return undefined
          const source = readFileSync(path, 'utf8')
          if (!source.includes('import.meta.url')) return undefined
          return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(path).href)), loader: 'ts' }
        })
      },
    },
  ],
})
