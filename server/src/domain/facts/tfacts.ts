/** Short forms for the checker's tests: facts of a few artists, and checks as one line each. */
import { checkFacts } from './check.ts'
import type { CollectionFacts } from './types.ts'

const albums = (list: [string, number][]) => list.map(([title, year]) => ({ title, year }))

export const bjork: CollectionFacts = {
  name: 'Björk',
  country: 'IS',
  formedYear: null,
  endedYear: null,
  albums: albums([['Debut', 1993], ['Post', 1995], ['Homogenic', 1997], ['Vespertine', 2001], ['Medúlla', 2004], ['Volta', 2007]]),
}

export const portishead: CollectionFacts = {
  name: 'Portishead',
  country: 'GB',
  formedYear: 1991,
  endedYear: null,
  albums: albums([['Dummy', 1994], ['Portishead', 1997], ['Third', 2008]]),
}

export const daftPunk: CollectionFacts = {
  name: 'Daft Punk',
  country: 'FR',
  formedYear: 1993,
  endedYear: 2021,
  albums: albums([['Homework', 1997], ['Discovery', 2001], ['Human After All', 2005], ['Random Access Memories', 2013]]),
}

export const cohen: CollectionFacts = {
  name: 'Leonard Cohen',
  country: 'CA',
  formedYear: 1967,
  endedYear: 2016,
  albums: albums([['Songs of Leonard Cohen', 1967], ["I'm Your Man", 1988], ['You Want It Darker', 2016]]),
}

/** The checks of a text as "KIND subject stated STATUS", in order. */
export function verdicts(markdown: string, facts: CollectionFacts, language: string): string[] {
  return checkFacts(markdown, facts, language).map((c) => `${c.kind} ${c.subject} ${c.stated} ${c.status}`)
}
