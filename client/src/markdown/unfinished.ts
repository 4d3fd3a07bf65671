/**
 * Makes the unfinished end of a streaming text display sensibly: an open code fence is closed,
 * dangling emphasis and inline code are closed, and half a link shows as its label. Only for
 * display; the text itself is never changed.
 */
export function closeUnfinished(tail: string): string {
  const fences = tail.match(/^\s{0,3}(```|~~~)/gm)
  if (fences && fences.length % 2 === 1) {
    const marker = fences.at(-1)!.trim().slice(0, 3)
    return `${tail}${tail.endsWith('\n') ? '' : '\n'}${marker}`
  }
  const lines = tail.split('\n')
  let last = lines.pop() ?? ''
  // Half a link: "[label](http://exa" or "[label" shows as its label until it is complete.
  last = last.replace(/\[([^\]]*)\]\([^)]*$/, '$1').replace(/\[([^\]]*)$/, '$1')
  if (count(last, /`/g) % 2 === 1) return [...lines, `${last}\``].join('\n')
  if (count(last, /\*\*/g) % 2 === 1) last = /\*\*\s*$/.test(last) ? last.replace(/\*\*\s*$/, '') : `${last}**`
  // Single asterisks, leaving aside bold markers and a list bullet at the start of the line.
  const singles = count(last.replace(/\*\*/g, '').replace(/^\s*\*\s/, ''), /(?<!\\)\*/g)
  if (singles % 2 === 1) last = /\*\s*$/.test(last) ? last.replace(/\*\s*$/, '') : `${last}*`
  return [...lines, last].join('\n')
}

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0
}
