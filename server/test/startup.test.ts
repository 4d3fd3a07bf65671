import { spawn, spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDataDir } from '../../prisma/test/databases.ts'
import { sourceEntry, spawnServer } from './tprocess.ts'

const start = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', sourceEntry], {
    env: { ...process.env, DATABASE_URL: '', REDIS_URL: '', LLM_BASE_URL: '', LLM_API_KEY: '', API_TOKENS: '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  })

describe('settings errors', () => {
  it('name the variable and the rule, and never print a secret', () => {
    const run = start({
      API_TOKENS: 'correct-horse-battery-1,short',
      LLM_API_KEY: 'sk-llm-key-never-printed',
      LLM_BASE_URL: 'https//llm-user:llm-pass-never-printed@api.example/v1',
      DATABASE_URL: 'mysql://root:db-pass-never-printed@db.example:3306/portrait?password=query-pass-never-printed',
      PORT: 'eighty',
      LLM_MAX_TOKENS_PARAM: 'sometimes',
    })
    // Rules across variables are checked once each variable is valid on its own: a second start.
    const redis = start({ REDIS_URL: 'redis://:redis-pass-never-printed@127.0.0.1:6379/0' })
    const output = run.stdout + run.stderr + redis.stdout + redis.stderr
    expect([run.status, redis.status]).toEqual([2, 2])
    expect(output).toMatch(/API_TOKENS \(value not shown\): each token needs at least 16 characters/)
    expect(output).toMatch(/LLM_BASE_URL \(value not shown\): expected an http\(s\) URL/)
    expect(output).toContain('DATABASE_URL="mysql://***@db.example:3306/portrait?password=***": expected postgresql://')
    expect(output).toContain('REDIS_URL="redis://***@127.0.0.1:6379/0": several instances need a shared database')
    // What is not secret is still shown as typed, so the mistake is plain to see.
    expect(output).toContain('PORT="eighty"')
    expect(output).toContain('LLM_MAX_TOKENS_PARAM="sometimes"')
    for (const secret of ['correct-horse-battery-1', 'sk-llm-key', 'llm-pass', 'llm-user', 'db-pass', 'query-pass', 'redis-pass']) {
      expect(output).not.toContain(secret)
    }
  })
})

describe('the embedded database lock', () => {
  it('is taken over, saying so, when its pid now belongs to an unrelated live process', async () => {
    const { dataDir, remove } = tempDataDir()
    const stranger = spawn('sleep', ['60'], { stdio: 'ignore' })
    try {
      const pid = stranger.pid!
      const start = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[19])
      const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
      // As a server killed earlier left it, its pid since given to another program.
      writeFileSync(join(dataDir, 'portrait.lock'), `${pid}\nstart=${start - 100}\nhost=${hostname()}\nboot=${boot}\n`)
      const server = await spawnServer({ DATA_DIR: dataDir })
      expect(server.output()).toMatch(new RegExp(`Taking over the stale lock of the data directory \\(portrait\\.lock\\): process ${pid} is another program`))
      expect(readFileSync(join(dataDir, 'portrait.lock'), 'utf8').split('\n')[0]).toBe(String(server.child.pid))
      expect(await server.stop()).toBe(0)
    } finally {
      stranger.kill()
      remove()
    }
  })
})
