// npm run portraits -- --missing --language fr --budget-tokens 2000000: starts a portrait run on
// the running server (PORTRAIT_URL, else http://127.0.0.1:$PORT) and follows it with a progress
// bar. The run belongs to the server: Ctrl-C leaves it running; `--follow ID` comes back to it.
import { parseArgs } from 'node:util'
import { SingleBar } from 'cli-progress'

const usage = `Usage: npm run portraits -- [--missing] [--search TEXT] [--genre NAME] [--artist ID]... [--all]
         [--language en] [--length SHORT|MEDIUM|LONG] [--tone NEUTRAL|...]
         [--budget-tokens N] [--budget-cost N] [--dry-run] [--url URL]
       npm run portraits -- --follow RUN_ID
       npm run portraits -- --pause|--resume|--cancel RUN_ID
Artists who already have a complete portrait with these options are left out, unless --all.
The API token is read from API_TOKEN. The estimate is printed first; --dry-run prints only that.`

const { values } = parseArgs({
  options: {
    missing: { type: 'boolean', default: false },
    all: { type: 'boolean', default: false },
    search: { type: 'string' },
    genre: { type: 'string' },
    artist: { type: 'string', multiple: true },
    language: { type: 'string', default: 'en' },
    length: { type: 'string', default: 'MEDIUM' },
    tone: { type: 'string', default: 'NEUTRAL' },
    'budget-tokens': { type: 'string' },
    'budget-cost': { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    url: { type: 'string' },
    follow: { type: 'string' },
    pause: { type: 'string' },
    resume: { type: 'string' },
    cancel: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
})
if (values.help) {
  console.log(usage)
  process.exit(0)
}

const base = (values.url ?? process.env.PORTRAIT_URL ?? `http://127.0.0.1:${process.env.PORT ?? 4000}`).replace(/\/$/, '')
const RUN = 'id status total done failed remaining tokens cost currency budgetTokens pausedUntil etaMs'

async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let response: Response
  try {
    response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(process.env.API_TOKEN ? { authorization: `Bearer ${process.env.API_TOKEN}` } : {}) },
      body: JSON.stringify({ query, variables }),
    })
  } catch {
    throw new Error(`No Portrait server answers at ${base}: start it with \`npm start\`, or pass --url.`)
  }
  const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: { message: string }[] }
  if (body.errors?.length) throw new Error(body.errors.map((error) => error.message).join('\n'))
  if (!body.data) throw new Error(`The server answered HTTP ${response.status}.`)
  return body.data
}

interface Run {
  id: string
  status: string
  total: number
  done: number
  failed: number
  remaining: number
  tokens: number
  cost: number | null
  currency: string | null
  pausedUntil: string | null
  etaMs: number | null
}

const number = (value: string | undefined, name: string) => {
  if (value === undefined) return undefined
  const parsed = Number(value)
  if (!(parsed > 0)) throw new Error(`--${name} must be a number above 0.`)
  return parsed
}

const money = (value: number | null, currency: string | null) => (value === null ? '' : ` | ${value.toFixed(2)} ${currency}`)
const minutes = (ms: number | null) => (ms === null ? '…' : ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} min`)

async function follow(id: string) {
  const bar = new SingleBar({
    format: ' {status} [{bar}] {value}/{total} | {failed} failed | {tokens} tokens{cost} | {left} left',
    hideCursor: true,
    noTTYOutput: !process.stderr.isTTY,
    notTTYSchedule: 5000,
    stream: process.stderr,
  })
  let run = (await gql<{ portraitRun: Run | null }>(`query ($id: ID!) { portraitRun(id: $id) { ${RUN} } }`, { id })).portraitRun
  if (!run) throw new Error(`No portrait run ${id} on ${base}.`)
  const fields = (r: Run) => ({ status: r.pausedUntil ? 'WAITING (provider asked)' : r.status, failed: r.failed, tokens: r.tokens, cost: money(r.cost, r.currency), left: minutes(r.etaMs) })
  bar.start(run.total, run.done + run.failed, fields(run))
  process.once('SIGINT', () => {
    bar.stop()
    console.error(`Left the run; it goes on. Follow it again: npm run portraits -- --follow ${id}`)
    process.exit(130)
  })
  while (['QUEUED', 'RUNNING', 'PAUSED'].includes(run.status)) {
    await new Promise((resolve) => setTimeout(resolve, 1000))
    run = (await gql<{ portraitRun: Run }>(`query ($id: ID!) { portraitRun(id: $id) { ${RUN} } }`, { id })).portraitRun
    bar.update(run.done + run.failed, fields(run))
  }
  bar.stop()
  console.log(`${run.status}: ${run.done} written, ${run.failed} failed, ${run.remaining} not written, ${run.tokens} tokens${money(run.cost, run.currency)}.`)
  if (run.failed) console.log(`Retry the failed ones: the web app's run page, or the retryFailedPortraits mutation (run ${id}).`)
}

try {
  const control = (['pause', 'resume', 'cancel'] as const).find((verb) => values[verb])
  if (control) {
    const name = `${control}PortraitRun`
    const data = await gql<Record<string, Run>>(`mutation ($id: ID!) { ${name}(id: $id) { ${RUN} } }`, { id: values[control] })
    console.log(`${data[name]!.status}: ${data[name]!.done} of ${data[name]!.total} written.`)
  } else if (values.follow) {
    await follow(values.follow)
  } else {
    const input = {
      missingOnly: !values.all,
      search: values.search,
      genre: values.genre,
      artistIds: values.artist,
      options: { language: values.language, length: values.length.toUpperCase(), tone: values.tone.toUpperCase() },
      budgetTokens: number(values['budget-tokens'], 'budget-tokens'),
      budgetCost: number(values['budget-cost'], 'budget-cost'),
    }
    if (!values.missing && !values.search && !values.genre && !values.artist?.length) {
      throw new Error(`Say which artists: --missing (every artist without a portrait), --search, --genre or --artist.\n\n${usage}`)
    }
    const { estimatePortraitRun: estimate } = await gql<{ estimatePortraitRun: { artists: number; tokens: number; cost: number | null; currency: string | null } }>(
      'query ($input: PortraitRunInput!) { estimatePortraitRun(input: $input) { artists tokens cost currency } }',
      { input },
    )
    console.log(`${estimate.artists} portrait${estimate.artists === 1 ? '' : 's'}, about ${estimate.tokens.toLocaleString('en')} tokens${money(estimate.cost, estimate.currency)}.`)
    if (values['dry-run']) {
      console.log('Nothing started (--dry-run).')
    } else if (estimate.artists) {
      const { startPortraitRun: run } = await gql<{ startPortraitRun: Run }>(`mutation ($input: PortraitRunInput!) { startPortraitRun(input: $input) { ${RUN} } }`, { input })
      console.log(`Run ${run.id} started.`)
      await follow(run.id)
    }
  }
} catch (error) {
  console.error((error as Error).message)
  process.exit(1)
}
