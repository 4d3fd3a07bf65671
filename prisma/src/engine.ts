import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils'
import type { SchemaEngine } from '@prisma/schema-engine-wasm'

let initialised: Promise<typeof import('@prisma/schema-engine-wasm/schema_engine_bg')> | undefined

/**
 * Prisma's schema engine compiled to WebAssembly, the one migration engine that runs offline.
 * The package is shaped for bundlers, so the module is instantiated by hand.
 */
async function loadBindings() {
  const bindings = await import('@prisma/schema-engine-wasm/schema_engine_bg')
  const entry = fileURLToPath(import.meta.resolve('@prisma/schema-engine-wasm'))
  const bytes = await readFile(join(dirname(entry), 'schema_engine_bg.wasm'))
  const imports: WebAssembly.ModuleImports = { ...bindings } as WebAssembly.ModuleImports
  for (const [name, fn] of Object.entries(bindings)) {
    // The engine's timers would otherwise keep the process alive for seconds after it is done.
    if (name.startsWith('__wbg_setTimeout_')) {
      imports[name] = (...args: unknown[]) => {
        const timer = (fn as (...a: unknown[]) => NodeJS.Timeout)(...args)
        timer.unref?.()
        return timer
      }
    }
  }
  const { instance } = await WebAssembly.instantiate(bytes, { './schema_engine_bg.js': imports })
  bindings.__wbg_set_wasm(instance.exports)
  ;(instance.exports.__wbindgen_start as () => void)()
  return bindings
}

/** Opens the schema engine on a database reached through a Prisma driver adapter factory. */
export async function openSchemaEngine(
  schemaPath: string,
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
): Promise<SchemaEngine> {
  initialised ??= loadBindings()
  const { SchemaEngine } = await initialised
  const datamodel = await readFile(schemaPath, 'utf8')
  const log = () => {}
  return SchemaEngine.new(
    { datamodels: [[schemaPath, datamodel]] },
    log,
    bindMigrationAwareSqlAdapterFactory(adapterFactory),
  )
}
