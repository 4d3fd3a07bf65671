/**
 * The fan-out floor: the least a server can do for many readers of one portrait. One model call
 * per artist, each delta framed once and written to every reader; a late reader first gets what
 * was written so far. Frames are GraphQL over SSE (distinct connections), so the bench's readers
 * read it as they read the real server. No GraphQL, no database, no resume, no limits.
 */
import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import OpenAI from 'openai'

const client = new OpenAI({ baseURL: process.env.LLM_BASE_URL, apiKey: 'bench', maxRetries: 0 })
const frame = (payload: object) => `event: next\ndata: ${JSON.stringify({ data: { generateArticle: payload } })}\n\n`
const complete = 'event: complete\ndata:\n\n'

interface Generation { written: string[]; readers: Set<ServerResponse>; ended: boolean }
const generations = new Map<string, Generation>()

async function run(key: string, generation: Generation) {
  const stream = await client.chat.completions.create({ model: 'bench', stream: true, messages: [{ role: 'user', content: `Write a portrait of ${key}.` }] })
  let offset = 0
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta?.content
    if (!delta) continue
    const bytes = frame({ __typename: 'ArticleChunk', offset, delta })
    offset += delta.length
    generation.written.push(bytes)
    for (const reader of generation.readers) reader.write(bytes)
  }
  generation.ended = true
  for (const reader of generation.readers) reader.end(complete)
  generations.delete(key)
}

const server = createServer((req, res) => {
  let body = ''
  req.on('data', (data: Buffer) => (body += data))
  req.on('end', () => {
    const key = String((JSON.parse(body) as { variables?: { artistId?: string } }).variables?.artistId)
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' })
    res.write(frame({ __typename: 'ArticleMetadata' }))
    let generation = generations.get(key)
    if (!generation) {
      generation = { written: [], readers: new Set(), ended: false }
      generations.set(key, generation)
      void run(key, generation).catch(() => generation!.readers.forEach((reader) => reader.destroy()))
    }
    if (generation.written.length) res.write(generation.written.join(''))
    generation.readers.add(res)
    res.on('close', () => generation!.readers.delete(res))
  })
})
server.keepAliveTimeout = 60_000
server.listen({ port: 0, host: '127.0.0.1', backlog: 16_384 }, () => process.send?.({ port: (server.address() as AddressInfo).port }))
