import remend, { type RemendHandler } from 'remend'

const tableLine = /^ {0,3}\|/
const delimiterRow = /^ {0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/

/**
 * A table's header row shows as a plain paragraph of pipes until its delimiter row is complete;
 * hide it until then, along with a delimiter row still being written.
 */
const pendingTableHeader: RemendHandler = {
  name: 'pendingTableHeader',
  priority: 1,
  handle(text) {
    const lines = text.split('\n')
    const complete = text.endsWith('\n')
    if (complete) lines.pop()
    let cut = lines.length
    const last = lines[cut - 1] ?? ''
    const beforeLast = lines[cut - 2] ?? ''
    const isHeader = (i: number) => tableLine.test(lines[i] ?? '') && !tableLine.test(lines[i - 1] ?? '')
    if (isHeader(cut - 1)) cut -= 1
    else if (!complete && delimiterRow.test(last) && isHeader(cut - 2) && tableLine.test(beforeLast)) cut -= 2
    if (cut === lines.length) return text
    return lines.slice(0, cut).join('\n') + (cut > 0 ? '\n' : '')
  },
}

/** "##" with no title yet renders as an empty heading, a blank band that then fills in. */
const bareHeadingMarker: RemendHandler = {
  name: 'bareHeadingMarker',
  priority: 2,
  handle: (text) => text.replace(/(^|\n) {0,3}#{1,6} *$/, '$1'),
}

/**
 * A marker with nothing after it yet ("Some **") is shown as text by markdown-it, and vanishes
 * once its words arrive. A lone `*`, `-` or `+` at the start of a line is a list item: kept.
 */
const danglingMarker: RemendHandler = {
  name: 'danglingMarker',
  priority: 90,
  handle: (text) => text.replace(/(^|[ \t])(\*{2,3}|_{1,3}|~{1,2}|`{1,3})[ \t]*$/, '$1').replace(/(\S)[ \t]+\*[ \t]*$/, '$1'),
}

/**
 * Makes the unfinished end of a streaming text display as it will once finished: closes emphasis,
 * inline code and strikethrough, shows half a link as its label, hides what would flash as raw
 * syntax. For display only; the text itself is never changed, and finished text is never repaired.
 * Options off: raw HTML and math are never rendered here, and markdown-it renders `- > 25` as a
 * quote, so escaping it would show something that later changes.
 */
export function repairTail(tail: string): string {
  return remend(tail, {
    linkMode: 'text-only',
    katex: false,
    inlineKatex: false,
    htmlTags: false,
    comparisonOperators: false,
    handlers: [pendingTableHeader, bareHeadingMarker, danglingMarker],
  })
}
