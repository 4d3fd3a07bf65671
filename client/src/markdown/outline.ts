import { slugify } from './markdown.ts'

export interface OutlineEntry {
  level: 2 | 3
  title: string
  id: string
}

/**
 * The sections of the text whose heading line is complete, with the ids the renderer gives them
 * (markdown-it-anchor numbers repeated titles within one block; across blocks they may repeat).
 */
export function outline(text: string): OutlineEntry[] {
  const complete = text.slice(0, text.lastIndexOf('\n') + 1)
  const entries: OutlineEntry[] = []
  let inFence = false
  for (const line of complete.split('\n')) {
    if (/^\s{0,3}(```|~~~)/.test(line)) inFence = !inFence
    const match = !inFence && /^(#{2,3})\s+(.+?)\s*#*\s*$/.exec(line)
    if (match) {
      const title = match[2]!.replace(/[*_`]/g, '').replace(/\\(.)/g, '$1')
      entries.push({ level: match[1]!.length as 2 | 3, title, id: slugify(title) })
    }
  }
  return entries
}
