import { computed, nextTick, shallowRef, toValue, type MaybeRefOrGetter } from 'vue'
import { useI18n } from 'vue-i18n'
import type { FactCheck } from './articleState.ts'
import type { TextMark } from './useTextMarks.ts'

export interface UseFactChecksOptions {
  /** The text's checks, in text order. */
  checks: MaybeRefOrGetter<readonly FactCheck[]>
  /** The text on screen: a check of text not shown yet waits for it. */
  text: MaybeRefOrGetter<string>
}

/** A checked statement as the page marks and lists it. */
export interface FactMark extends TextMark {
  check: FactCheck
  /** What screen readers hear after the value, and the popover shows: "Your collection says 1995". */
  note: string
  /** The summary's line for it. */
  label: string
}

/**
 * The statements of the text on screen that the collection contradicts, marked and listed; the
 * confirmed ones too when the reader asks for them.
 */
export function useFactChecks({ checks, text }: UseFactChecksOptions) {
  const { t } = useI18n()
  const showConfirmed = shallowRef(false)

  const shown = computed(() => {
    const on = toValue(text)
    return toValue(checks).filter((check) => on.slice(check.start, check.end) === check.stated)
  })
  const toMark = (check: FactCheck): FactMark => {
    const contradicted = check.status === 'CONTRADICTED'
    const claim = t(`facts.claim.${check.kind}`, { subject: check.subject })
    const values = { stated: check.stated, expected: check.expected, claim }
    return {
      id: `fact-${check.start}`,
      start: check.start,
      text: check.stated,
      className: `fact ${contradicted ? 'contradicted' : 'confirmed'}`,
      describedBy: `fact-${check.start}-note`,
      check,
      note: t(contradicted ? 'facts.says' : 'facts.agrees', values),
      label: t(contradicted ? 'facts.item' : 'facts.itemAgrees', values),
    }
  }
  const contradicted = computed(() => shown.value.filter((check) => check.status === 'CONTRADICTED').map(toMark))
  const confirmed = computed(() => shown.value.filter((check) => check.status === 'CONFIRMED').map(toMark))
  const marks = computed(() => (showConfirmed.value ? [...contradicted.value, ...confirmed.value].sort((a, b) => a.start - b.start) : contradicted.value))

  return {
    contradicted,
    confirmed,
    showConfirmed,
    /** What the text marks: the contradicted statements, and the confirmed ones when asked for. */
    marks,
    /** Moves focus to a mark, in the middle of the window (clear of the sticky toolbar). */
    async reach(id: string) {
      await nextTick()
      const mark = document.getElementById(id)
      if (!mark) return
      mark.focus({ preventScroll: true })
      mark.scrollIntoView({ block: 'center' })
    },
  }
}
