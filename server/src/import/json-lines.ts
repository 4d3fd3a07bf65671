/**
 * The line on which the value at each path starts, in a text `JSON.parse` accepted: it keeps no
 * positions, and a problem is worth reporting by the line a person finds in an editor. Paths
 * join keys and indices with dots, as in "artists.3.albums.0.title"; the whole document is "".
 */
export function jsonLines(text: string, paths: ReadonlySet<string>): Map<string, number> {
  const found = new Map<string, number>()
  // The open objects and arrays, each with the key or index of the value being read in it.
  const open: { array: boolean; at: string | number }[] = []
  let line = 1
  let key = false
  const start = () => {
    const path = open.map((container) => container.at).join('.')
    if (paths.has(path)) found.set(path, line)
  }
  for (let i = 0; i < text.length && found.size < paths.size; i++) {
    const char = text[i]!
    if (char === '\n') line++
    else if (char === '"') {
      // Accepted JSON holds no raw line breaks inside strings: skip to the closing quote.
      let end = i + 1
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1
      if (key) open.at(-1)!.at = JSON.parse(text.slice(i, end + 1)) as string
      else start()
      key = false
      i = end
    } else if (char === '{' || char === '[') {
      start()
      open.push({ array: char === '[', at: 0 })
      key = char === '{'
    } else if (char === '}' || char === ']') open.pop()
    else if (char === ',') {
      const container = open.at(-1)!
      if (container.array) container.at = (container.at as number) + 1
      else key = true
    } else if (/[-\dtfn]/.test(char)) {
      start()
      while (i + 1 < text.length && /[^,\]}\s]/.test(text[i + 1]!)) i++
    }
  }
  return found
}
