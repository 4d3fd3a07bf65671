/**
 * The words the checker reads claims by, per language. Each entry is a phrase of lower-case words
 * as the tokenizer cuts them ("l'album" is "l' album"); a word ending in `*` matches any word it
 * starts ("reissu*": reissue, reissued), one starting with `*` any word it ends ("*n't"). Accents
 * are kept: in French "né" (born) is not "ne".
 */

export type Phrase = readonly string[]

export interface Lexicon {
  language: 'en' | 'fr'
  /** Say that a record came out: a year they govern is its release year. */
  release: Phrase[]
  /** Name a record: "the 1995 album", "son album de 1997". */
  albumNouns: Phrase[]
  /** Give a year another meaning than a record's release: recording, reissue, tour, birth... */
  otherEvents: Phrase[]
  /** Give a year another meaning only right next to it: "the 1994 sessions", "on vinyl in 2008". */
  nearEvents: Phrase[]
  /** Name a release other than the album's first: in a table row, its year is theirs. */
  otherReleases: Phrase[]
  /** Deny or defer what the clause says: "was not released in 1994", "ne sort pas en 1994". */
  negations: Phrase[]
  /** Before an album, make it a point of comparison or a source, not the one released: "after *Post*". */
  reference: Phrase[]
  /** After an album, make it the reference and the next one the subject: "followed by". */
  referenceBefore: Phrase[]
  /** Open a new clause. */
  clause: Phrase[]
  /** Date an event: "in 1995", "en 1995", "on 12 June 1995". */
  dating: Phrase[]
  /** May stand between a dating word and its year: months, seasons, "early", "the", "of". */
  dateWords: Phrase[]
  /** Put a year before or after another: a year they govern is a bound, not an event. */
  bounds: Phrase[]
  /** Words of ranges and decades: "between 1982 and 1989", "les années 1990". */
  between: Phrase[]
  decade: Phrase[]
  /** The artist forming / its end, as a verb with the artist as subject. */
  formedVerbs: Phrase[]
  /** Forming verbs that may take the artist as object: "Barrow and Gibbons formed Portishead". */
  formedTransitive: Phrase[]
  /** Forming said of a group only ("le groupe naît en 1991"); of a person it is a birth. */
  formedGroupOnly: Phrase[]
  formedNouns: Phrase[]
  careerStart: Phrase[]
  endedVerbs: Phrase[]
  endedTransitive: Phrase[]
  endedNouns: Phrase[]
  deathVerbs: Phrase[]
  deathNouns: Phrase[]
  /** Make a forming or ending claim about something else: a reunion, a hiatus, a side project. */
  careerOthers: Phrase[]
  /** Connect a possessor to a noun after it: "the formation of", "la séparation du". */
  of: Phrase[]
  /** Nouns an artist is called by: band, singer, groupe, chanteuse. */
  groupNouns: Phrase[]
  personNouns: Phrase[]
  /** Pronouns a group is named by, and a person. */
  groupPronouns: Phrase[]
  personPronouns: Phrase[]
  possessives: Phrase[]
  articles: Phrase[]
  /** Link a subject to what it is: "is", "are", "est", "reste". */
  copulas: Phrase[]
  /** Introduce an origin: "from", "hailing from", "originaire de". */
  origin: Phrase[]
  /** Introduce a place an artist was formed in: "in", "à". */
  placeIn: Phrase[]
  /** Skipped between a verb and what it says: auxiliaries, adverbs, reflexives. */
  filler: Phrase[]
  /** Introduce an agent or a companion: names after them are not the subject. */
  agents: Phrase[]
  /** Say that a record is the artist's own: "self-titled", "éponyme". */
  selfTitled: Phrase[]
  /** Mark a relative or participial clause that qualifies the noun before it. */
  relative: Phrase[]
  /** Open a clause saying what happened in the year before it: "in 1967, when...". */
  when: Phrase[]
  /** After a year opening a sentence, say that a record came out then: "1995 saw the release of". */
  yearSaw: Phrase[]
  /** Open a cleft sentence that puts the date first: "it was in 1995 that", "c'est en 1995 que". */
  cleft: Phrase[]
  /** Ordinals and adjectives found inside a record's noun phrase: "her third studio album". */
  albumAdjectives: Phrase[]
  /** Name a song: a title after them is a song's, though an album may share it. */
  songNouns: Phrase[]
}

/** A list of phrases from "a|b c|d*": phrases split at "|", words at spaces. */
export const phrases = (text: string): Phrase[] =>
  text
    .split('|')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => entry.split(/\s+/))
