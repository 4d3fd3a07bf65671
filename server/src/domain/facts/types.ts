/** What a portrait can be checked against: the collection's own record of one artist. */
export interface CollectionFacts {
  /** The artist's name as the collection spells it. */
  name: string
  /** ISO 3166-1 alpha-2 code, as the collection stores it ("GB", "IS"). */
  country: string | null
  /** Year formed, or career start. */
  formedYear: number | null
  /** Year disbanded, or of death. */
  endedYear: number | null
  albums: readonly { title: string; year: number | null }[]
}

export type FactKind = 'ALBUM_YEAR' | 'FORMED_YEAR' | 'ENDED_YEAR' | 'COUNTRY'
export type FactStatus = 'CONFIRMED' | 'CONTRADICTED'

/** One statement of a portrait the collection can check, and the verdict. */
export interface FactCheck {
  /** Offset in the Markdown of the stated value's first character. */
  start: number
  /** Offset just after the stated value: `markdown.slice(start, end) === stated`. */
  end: number
  kind: FactKind
  /** The album title as the collection spells it, or the artist's name. */
  subject: string
  /** The value as the text states it: "1994", "Icelandic", "Angleterre". */
  stated: string
  /** The value as the collection holds it: a year, or the country's name in the portrait's language. */
  expected: string
  status: FactStatus
}
