/**
 * The baseline: the smallest honest pass-through. A plain Node HTTP server that calls the same
 * model through the same `openai` SDK and writes each delta as a Server-Sent Event. No GraphQL.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import OpenAI from 'openai'

const client = new OpenAI({ baseURL: process.env.LLM_BASE_URL, apiKey: 'bench', maxRetries: 0 })

const server = createServer(async (req, res) => {
  const controller = new AbortController()
  res.on('close', () => controller.abort())
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' })
  try {
    const stream = await client.chat.completions.create(
      { model: 'bench', stream: true, messages: [{ role: 'user', content: 'Write a portrait.' }] },
      { signal: controller.signal },
    )
    let offset = 0
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta?.content
      if (!delta) continue
      res.write(`data: ${JSON.stringify({ offset, delta })}\n\n`)
      offset += delta.length
    }
    res.end('event: done\ndata: {}\n\n')
  } catch {
    res.end()
  }
})
server.keepAliveTimeout = 60_000
server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }))
