import { describe, expect, it } from 'vitest'
import { gridColumns, rowsToLoad } from './artistGrid.ts'

describe('the artist grid', () => {
  it('fits columns to the width, one on a phone', () => {
    expect(gridColumns(358, 240, 10)).toBe(1)
    expect(gridColumns(0, 240, 10)).toBe(1)
    expect(gridColumns(490, 240, 10)).toBe(2)
    expect(gridColumns(1040, 240, 10)).toBe(4)
  })
  it('asks for more rows as the end nears', () => {
    expect(rowsToLoad(3, 100)).toBe(false)
    expect(rowsToLoad(94, 100)).toBe(true)
    expect(rowsToLoad(-1, 0)).toBe(true)
  })
})
