import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The server as developers run it: TypeScript through tsx. */
export const sourceEntry = fileURLToPath(new URL('../src/index.ts', import.meta.url))
/** The server as `npm start` runs it: compiled by `npm run build`. */
export const compiledEntry = fileURLToPath(new URL('../dist/index.js', import.meta.url))

export interface ServerProcess {
  url: string
  child: ChildProcess
  /** Everything the process wrote, stdout and stderr interleaved. */
  output: () => string
  /** Sends a signal and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
}

/**
 * Starts the server in its own process (from source, or compiled as `npm start` runs it) and resolves once it
 * logs its address. Killing it frees the port at once.
 */
export function spawnServer(env: Record<string, string>, timeoutMs = 60_000, entry = sourceEntry): Promise<ServerProcess> {
  if (entry === compiledEntry && !existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`)
  const child = spawn(process.execPath, entry === compiledEntry ? ['--enable-source-maps', entry] : ['--import', 'tsx', entry], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'production', DATABASE_URL: '', REDIS_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`server did not start in ${timeoutMs} ms:\n${output}`))
    }, timeoutMs)
    const onData = (data: Buffer) => {
      output += data.toString()
      const match = /"url":"(http:[^"]+)"/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve({
          url: match[1]!,
          child,
          output: () => output,
          stop(signal = 'SIGTERM') {
            if (child.exitCode === null) child.kill(signal)
            return exited
          },
        })
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code} before listening:\n${output}`))
    })
  })
}
