/** Columns of cards at least `minCard` wide, `gap` apart, that fit a width: one at the least. */
export function gridColumns(width: number, minCard: number, gap: number): number {
  return Math.max(1, Math.floor((width + gap) / (minCard + gap)))
}

/** Whether the last row drawn is close enough to the end of what is loaded to ask for more. */
export function rowsToLoad(lastDrawn: number, rows: number, ahead = 6): boolean {
  return rows === 0 || lastDrawn >= rows - ahead
}
