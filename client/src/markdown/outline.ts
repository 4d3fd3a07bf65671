import { slugify, uniqueSlug } from './markdown.ts'

export interface OutlineEntry {
  level: 2 | 3
  title: string
  id: string
}

/**
 * The sections of the text whose heading line is complete, with the ids the renderer gives them.
 * Every heading level takes an id, so all are counted for the numbering of repeated titles.
 */
export function outline(text: string): OutlineEntry[] {
  const complete = text.slice(0, text.lastIndexOf('\n') + 1)
  const entries: OutlineEntry[] = []
  const taken = new Set<string>()
  let inFence = false
  for (const line of complete.split('\n')) {
    if (/^\s{0,3}(```|~~~)/.test(line)) inFence = !inFence
    const match = !inFence && /^\s{0,3}(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line)
    if (!match) continue
    const title = match[2]!.replace(/[*_`]/g, '').replace(/\\(.)/g, '$1')
    const id = uniqueSlug(slugify(title), taken)
    const level = match[1]!.length
    if (level === 2 || level === 3) entries.push({ level, title, id })
  }
  return entries
}
