import { spawn, type ChildProcess } from 'node:child_process'
import { connect, createServer } from 'node:net'

/** A TCP port free on 127.0.0.1 now. */
export function freePort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

export interface PrivateRedis {
  url: string
  /** Kills it: it comes back empty, as a restarted Redis does. */
  stop(): Promise<void>
  start(): Promise<void>
}

/** A private Redis the test may stop and start, so the shared one is never disturbed. */
export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort()
  let child: ChildProcess | null = null
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' })
    for (let i = 0; i < 50; i++) {
      if (await reachable(port)) return
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error('private redis-server did not start')
  }
  await start()
  return {
    url: `redis://127.0.0.1:${port}`,
    start,
    async stop() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((resolve) => child?.once('exit', resolve))
      child.kill('SIGKILL')
      await exited
    },
  }
}

function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}
