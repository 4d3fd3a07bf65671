// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, shallowRef } from 'vue'
import { i18n } from '../i18n.ts'
import type { FactCheck } from './articleState.ts'
import { useFactChecks } from './useFactChecks.ts'

const text = 'Her second album, *Post* (1994), and *Debut* (1993).\n\n'
const wrong: FactCheck = { start: 26, end: 30, kind: 'ALBUM_YEAR', subject: 'Post', stated: '1994', expected: '1995', status: 'CONTRADICTED' }
const right: FactCheck = { start: 46, end: 50, kind: 'ALBUM_YEAR', subject: 'Debut', stated: '1993', expected: '1993', status: 'CONFIRMED' }

function factsOf(checks: readonly FactCheck[], shown: string) {
  const on = shallowRef(shown)
  let facts: ReturnType<typeof useFactChecks> | undefined
  mount(defineComponent({ setup: () => ((facts = useFactChecks({ checks, text: on })), () => null) }), { global: { plugins: [i18n] } })
  return { facts: facts!, on }
}

describe('the statements checked against the collection', () => {
  it('marks the statements the collection contradicts, saying what it says, and the confirmed ones on demand', () => {
    const { facts } = factsOf([wrong, right], text)
    expect(facts.contradicted.value.map((mark) => [mark.id, mark.text, mark.className, mark.note, mark.label])).toEqual([
      ['fact-26', '1994', 'fact contradicted', 'Your collection says 1995', '“1994”, year of Post: your collection says 1995'],
    ])
    expect(facts.marks.value.map((mark) => mark.id)).toEqual(['fact-26'])
    facts.showConfirmed.value = true
    expect(facts.marks.value.map((mark) => [mark.id, mark.className])).toEqual([
      ['fact-26', 'fact contradicted'],
      ['fact-46', 'fact confirmed'],
    ])
  })

  it('waits for the text that states a value to be on screen before it lists or marks it', () => {
    const { facts, on } = factsOf([wrong, right], text.slice(0, 28))
    expect(facts.contradicted.value).toEqual([])
    on.value = text.slice(0, 40)
    expect(facts.contradicted.value.map((mark) => mark.id)).toEqual(['fact-26'])
    expect(facts.confirmed.value).toEqual([])
    // A text where the offsets do not hold the value (another portrait) marks nothing.
    on.value = 'Something else entirely, written in another way.'
    expect(facts.contradicted.value).toEqual([])
  })
})
