/**
 * The bench's model: an OpenAI-compatible streaming endpoint that sends `--tokens` tokens at
 * `--rate` tokens per second, each token stamped with its send time («epoch-ms») so readers can
 * tell how long it took to reach them. GET /stats reports requests and how many are still open;
 * POST /hold keeps new streams from sending their first token until POST /release.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { tokens: { type: 'string', default: '400' }, rate: { type: 'string', default: '50' } } })
const tokens = Number(values.tokens)
const interval = 1000 / Number(values.rate)
const now = () => performance.timeOrigin + performance.now()

let requests = 0
let open = 0
let held: (() => void)[] | null = null
const server = createServer((req, res) => {
  if (req.url === '/stats') {
    res.end(JSON.stringify({ requests, open }))
    return
  }
  if (req.method === 'POST' && req.url === '/hold') {
    held ??= []
    res.end('{}')
    return
  }
  if (req.method === 'POST' && req.url === '/release') {
    const waiting = held ?? []
    held = null
    for (const start of waiting) start()
    res.end('{}')
    return
  }
  if (req.method === 'POST' && req.url === '/reset') {
    requests = 0
    res.end('{}')
    return
  }
  req.resume()
  req.on('end', () => {
    requests++
    open++
    let closed = false
    res.on('close', () => {
      closed = true
      open--
    })
    res.writeHead(200, { 'content-type': 'text/event-stream' })
    const base = `{"id":"b","object":"chat.completion.chunk","created":0,"model":"bench","choices":[{"index":0,`
    let sent = 0
    let started = performance.now()
    const tick = () => {
      if (closed) return
      if (sent === tokens) {
        res.write(`data: ${base}"delta":{},"finish_reason":"stop"}]}\n\n`)
        res.end('data: [DONE]\n\n')
        return
      }
      res.write(`data: ${base}"delta":{"content":"«${now().toFixed(3)}» "},"finish_reason":null}]}\n\n`)
      sent++
      // Paced against the clock so timer drift does not slow the stream.
      setTimeout(tick, Math.max(0, started + (sent + 1) * interval - performance.now()))
    }
    const begin = () => {
      started = performance.now()
      setTimeout(tick, interval)
    }
    if (held) held.push(begin)
    else begin()
  })
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }))
