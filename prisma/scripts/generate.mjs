// `prisma generate` never runs the schema engine, but refuses to start unless it can find one,
// and the native engine cannot be downloaded here: point it at any existing file.
import { spawnSync } from 'node:child_process'

const result = spawnSync('prisma', ['generate', '--schema', 'schema.prisma'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
    CHECKPOINT_DISABLE: '1',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
  },
})
process.exit(result.status ?? 1)
