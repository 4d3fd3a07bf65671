/**
 * Summarises a V8 CPU profile (`npm run bench -- --cpu-prof` writes them to
 * bench/results/profiles/): the frames that took the most busy time, by self time and inclusive.
 *
 *   npm run bench:profile [-- path/to/file.cpuprofile] [--top 25]
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } })
const directory = fileURLToPath(new URL('./results/profiles/', import.meta.url))
// Without a path: the largest profile, which is the server's (the others are short-lived workers).
const file =
  positionals[0] ??
  readdirSync(directory)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(directory, name))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0]
if (!file) throw new Error(`No profile in ${directory}: run npm run bench -- --cpu-prof first.`)

const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }
const nodes = new Map(profile.nodes.map((node) => [node.id, node]))
const parent = new Map<number, number>()
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)

const label = ({ callFrame: { functionName, url, lineNumber } }: ProfileNode) =>
  `${functionName || '(anonymous)'} ${url.split('/node_modules/').at(-1)!.split('/work/main/').at(-1)!}:${lineNumber}`

const self = new Map<string, number>()
const inclusive = new Map<string, number>()
let busy = 0
profile.samples.forEach((id, i) => {
  const node = nodes.get(id)!
  const time = profile.timeDeltas[i] ?? 0
  if (node.callFrame.functionName === '(idle)') return
  busy += time
  self.set(label(node), (self.get(label(node)) ?? 0) + time)
  const seen = new Set<string>()
  for (let current: number | undefined = id; current !== undefined; current = parent.get(current)) {
    const name = label(nodes.get(current)!)
    if (seen.has(name) || name.startsWith('(root)')) continue
    seen.add(name)
    inclusive.set(name, (inclusive.get(name) ?? 0) + time)
  }
})

const top = Number(values.top)
const table = (title: string, times: Map<string, number>) => {
  console.log(`\n| ${title} | % of busy time |\n| --- | --- |`)
  for (const [name, time] of [...times].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`| ${name.replaceAll('|', '\\|')} | ${((time / busy) * 100).toFixed(1)} |`)
  }
}
console.log(`${file}: ${(busy / 1e6).toFixed(1)} s busy`)
table('frame, self time', self)
table('frame, inclusive', inclusive)
