// Fails when an installed dependency declares a Node range (`engines.node`) that excludes the
// oldest Node our own `engines` field promises: such a package may break on a supported install.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import semver from 'semver'

const root = JSON.parse(readFileSync('package.json', 'utf8'))
const oldest = semver.minVersion(root.engines.node).version
const tree = JSON.parse(execFileSync('pnpm', ['ls', '-r', '--depth', 'Infinity', '--json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }))

const seen = new Map()
function visit(dependencies = {}, via) {
  for (const [name, info] of Object.entries(dependencies)) {
    if (!info.path || seen.has(info.path)) continue
    const manifest = JSON.parse(readFileSync(join(info.path, 'package.json'), 'utf8'))
    seen.set(info.path, { name, version: manifest.version, node: manifest.engines?.node, via })
    visit(info.dependencies, via)
  }
}
for (const workspace of tree) {
  visit(workspace.dependencies, workspace.name)
  visit(workspace.devDependencies, workspace.name)
}

const refused = [...seen.values()].filter(({ node }) => node && !semver.satisfies(oldest, node))
for (const { name, version, node, via } of refused) console.error(`${name}@${version} (in ${via}) requires node ${node}`)
console.log(`${seen.size} packages checked against node ${oldest}: ${refused.length} refuse it`)
process.exit(refused.length ? 1 : 0)
