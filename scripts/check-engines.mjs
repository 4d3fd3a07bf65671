// Fails when a package the app runs (the production dependencies of every workspace package)
// declares a Node range (`engines.node`) that excludes the oldest Node our own `engines` field
// promises: such a package may break on a supported install. Development tools that do are
// listed as warnings: today only @graphql-codegen/cli's prompt and progress libraries
// (@inquirer/*, listr2), which `npm run codegen` does not exercise; codegen 6 avoids them but
// generates differently when loaded by Vitest, which the codegen staleness test relies on.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import semver from 'semver'

const root = JSON.parse(readFileSync('package.json', 'utf8'))
const oldest = semver.minVersion(root.engines.node).version

/** Every package in the tree `pnpm ls` prints, once, with the Node range it declares. */
function packages(args) {
  const tree = JSON.parse(execFileSync('pnpm', ['ls', '-r', '--depth', 'Infinity', '--json', ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }))
  const seen = new Map()
  const visit = (dependencies = {}, via) => {
    for (const [name, info] of Object.entries(dependencies)) {
      // Optional packages for other platforms (sharp's prebuilt binaries for macOS, Windows…) are listed but not installed.
      if (!info.path || seen.has(info.path) || !existsSync(join(info.path, 'package.json'))) continue
      const manifest = JSON.parse(readFileSync(join(info.path, 'package.json'), 'utf8'))
      seen.set(info.path, { name, version: manifest.version, node: manifest.engines?.node, via })
      visit(info.dependencies, via)
    }
  }
  for (const workspace of tree) {
    visit(workspace.dependencies, workspace.name)
    visit(workspace.devDependencies, workspace.name)
  }
  return seen
}
const refuses = ({ node }) => node && !semver.satisfies(oldest, node)
const describe = ({ name, version, node, via }) => `${name}@${version} (in ${via}) requires node ${node}`

const runtime = packages(['--prod'])
const all = packages([])
const refused = [...runtime.values()].filter(refuses)
const tools = [...all.entries()].filter(([path, info]) => !runtime.has(path) && refuses(info)).map(([, info]) => info)
for (const info of tools) console.warn(`warning: development tool ${describe(info)}`)
for (const info of refused) console.error(describe(info))
console.log(`${runtime.size} runtime packages checked against node ${oldest}: ${refused.length} refuse it (${tools.length} development tools do)`)
process.exit(refused.length ? 1 : 0)
