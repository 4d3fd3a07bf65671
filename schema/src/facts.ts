import { ArticleRef } from './article.ts'
import { builder } from './builder.ts'
import type { FactCheck } from './services.ts'

export const FactKind = builder.enumType('FactKind', {
  values: {
    ALBUM_YEAR: { description: 'The year an album of the collection came out.' },
    FORMED_YEAR: { description: 'When the artist formed, or began releasing.' },
    ENDED_YEAR: { description: 'When the artist ended (split up, or died).' },
    COUNTRY: { description: 'Where the artist comes from.' },
  },
})

export const FactStatus = builder.enumType('FactStatus', {
  values: {
    CONFIRMED: { description: 'The collection says the same.' },
    CONTRADICTED: { description: 'The collection says otherwise: see `expected`.' },
  },
})

export const FactCheckRef = builder.objectRef<FactCheck>('FactCheck').implement({
  description:
    'A statement of a portrait that the collection can check (an album’s year, the artist’s formation or end year, their origin), and what the collection says of it.',
  fields: (t) => ({
    start: t.exposeInt('start', { description: 'Offset in the Markdown of the stated value’s first character (UTF-16 code units, as chunk offsets).' }),
    end: t.exposeInt('end', { description: 'Offset just after the stated value: `markdown.slice(start, end)` is `stated`.' }),
    kind: t.field({ type: FactKind, resolve: (check) => check.kind }),
    subject: t.exposeString('subject', { description: 'The album’s title as the collection spells it, or the artist’s name.' }),
    stated: t.exposeString('stated', { description: 'The value as the text states it: "1994", "Icelandic".' }),
    expected: t.exposeString('expected', { description: 'The value as the collection holds it: a year, or the country’s name in the portrait’s language.' }),
    status: t.field({ type: FactStatus, resolve: (check) => check.status }),
  }),
})

builder.objectField(ArticleRef, 'factChecks', (t) =>
  t.field({
    type: [FactCheckRef],
    description:
      'The statements of this portrait the collection can check, in text order, each confirmed or contradicted. Checked against the collection as it is now: a corrected year re-checks every portrait of the artist.',
    resolve: (article, _args, ctx) => ctx.facts.checksOf(article),
  }),
)
