/**
 * Claims in Markdown tables: a discography table gives each album in a row the year in its
 * "Year" (or "Released", "Année", "Sortie") column. A table of singles, tracks or tours, or a year
 * column about recording or reissues, gives none.
 */
import { key } from './fold.ts'
import { occurs } from './match.ts'
import type { Reading } from './reading.ts'
import type { KnownAlbum } from './subject.ts'
import type { Token } from './tokens.ts'

export interface TableClaim {
  album: KnownAlbum
  year: Token
}

interface Cell {
  start: number
  end: number
}

const releaseColumn = /\b(year|years|released|release|release date|date|annee|sortie|date de sortie|parution|publication|an)\b/
const otherColumn = /\b(record\w*|enregistr\w*|reissu\w*|re ?edit\w*|remaster\w*|peak\w*|chart\w*|classement|label|rang|rank\w*|certif\w*|tour\w*|sales|ventes)\b/
const otherTable = /\b(single|singles|track|tracks|song|songs|chanson|chansons|morceau|morceaux|tour|tours|tournee|tournees|concert|concerts|film|films|b side|ep|eps|clip|clips|video|videos)\b/
const titleColumn = /\b(album|albums|title|titre|disque|record|oeuvre|nom)\b/
const delimiterRow = /^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$/

/** The cells of one table line, as offsets in the block; pipes escaped with "\" do not split. */
function cellsOf(line: string, lineStart: number): Cell[] {
  const cells: Cell[] = []
  let start = 0
  const bounds: number[] = []
  for (let i = 0; i < line.length; i++) if (line[i] === '|' && line[i - 1] !== '\\') bounds.push(i)
  const edges = [-1, ...bounds, line.length]
  for (let i = 0; i + 1 < edges.length; i++) {
    start = edges[i]! + 1
    const end = edges[i + 1]!
    if (i === 0 && line.slice(0, end).trim() === '') continue
    if (i === edges.length - 2 && line.slice(start).trim() === '') continue
    cells.push({ start: lineStart + start, end: lineStart + end })
  }
  return cells
}

/** The rows of a table block: lines cut into cells, the delimiter row left out. */
export function rowsOf(text: string): { header: Cell[]; body: Cell[][] } | null {
  const lines: { text: string; start: number }[] = []
  let at = 0
  for (const line of text.split('\n')) {
    lines.push({ text: line, start: at })
    at += line.length + 1
  }
  if (lines.length < 2 || !delimiterRow.test(lines[1]!.text)) return null
  return {
    header: cellsOf(lines[0]!.text, lines[0]!.start),
    body: lines.slice(2).map((line) => cellsOf(line.text, line.start)),
  }
}

const inside = (cell: Cell, token: Token) => token.start >= cell.start && token.end <= cell.end

export function tableYears(reading: Reading, text: string): TableClaim[] {
  const rows = rowsOf(text)
  if (!rows) return []
  const heads = rows.header.map((cell) => key(text.slice(cell.start, cell.end)))
  if (heads.some((head) => otherTable.test(head))) return []
  const yearColumns = heads.flatMap((head, i) => (releaseColumn.test(head) && !otherColumn.test(head) ? [i] : []))
  if (yearColumns.length !== 1) return []
  const yearColumn = yearColumns[0]!
  const { tokens, works, subject } = reading
  const cellKey = (cell: Cell) =>
    tokens
      .filter((t) => t.word && inside(cell, t))
      .map((t) => t.key)
      .join(' ')
  const worksIn = (cell: Cell) => works.filter((w) => tokens[w.first]!.start >= cell.start && tokens[w.end - 1]!.end <= cell.end)
  /** The album a cell names: the whole cell is the title, or it holds the title and no other work. */
  const albumIn = (cell: Cell | undefined): KnownAlbum | null => {
    if (!cell) return null
    const exact = subject.albums.get(cellKey(cell))
    if (exact) return exact
    const named = worksIn(cell)
    return named.length === 1 ? named[0]!.album : null
  }
  // The column naming the records: by its heading, else the one where most rows name an album.
  let albumColumn = heads.findIndex((head, i) => i !== yearColumn && titleColumn.test(head))
  if (albumColumn === -1) {
    const counts = heads.map((_, i) => (i === yearColumn ? -1 : rows.body.filter((row) => albumIn(row[i])).length))
    albumColumn = counts.indexOf(Math.max(...counts))
  }
  const inWork = new Set(works.flatMap((w) => tokens.slice(w.first, w.end)))
  /** "| 2015 | *Post* | Deluxe reissue |": a cell naming a reissue, a live take or a single, with no year of its own. */
  const aboutAnotherRelease = (row: Cell[], yearColumn: number) =>
    row.some((cell, i) => {
      if (i === yearColumn) return false
      const inCell = tokens.filter((t) => inside(cell, t) && !inWork.has(t))
      return occurs(inCell, 0, inCell.length, reading.lexicon.otherReleases) && !inCell.some((t) => t.year)
    })
  const claims: TableClaim[] = []
  for (const row of rows.body) {
    const yearCell = row[yearColumn]
    if (!yearCell) continue
    const words = tokens.filter((t) => t.word && inside(yearCell, t))
    // The cell is the year alone: "1995", "**1995**"; "1995 (UK), 1996 (US)" says too much.
    if (words.length !== 1 || !words[0]!.year || words[0]!.possessive) continue
    const album = albumIn(row[albumColumn])
    if (album && !aboutAnotherRelease(row, yearColumn)) claims.push({ album, year: words[0]! })
  }
  return claims
}
