import { useEventListener } from '@vueuse/core'
import { nextTick, shallowRef, toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue'
import type { FactMark } from './useFactChecks.ts'

export interface UseFactTipOptions {
  /** The positioned element holding the marked text and the tip. */
  area: Readonly<Ref<HTMLElement | null>>
  /** The tip itself, measured to keep it inside the area. */
  tip: Readonly<Ref<HTMLElement | null>>
  marks: MaybeRefOrGetter<readonly FactMark[]>
}

export interface FactTip {
  id: string
  note: string
  left: number
  top: number
}

const markOf = (target: EventTarget | null) => (target instanceof Element ? target.closest<HTMLElement>('mark.fact[data-mark]') : null)

/**
 * The small popover that shows what the collection says of the mark under the pointer, focused
 * or tapped (a tap focuses it too); Escape, or leaving it, hides it. Screen readers hear the same
 * words through the mark's description, so the popover itself is not read.
 */
export function useFactTip({ area, tip, marks }: UseFactTipOptions) {
  const active = shallowRef<FactTip | null>(null)

  async function show(mark: HTMLElement) {
    const container = area.value
    const found = toValue(marks).find((entry) => entry.id === mark.id)
    if (!container || !found) return
    const box = container.getBoundingClientRect()
    const at = mark.getBoundingClientRect()
    active.value = { id: found.id, note: found.note, left: at.left - box.left, top: at.bottom - box.top }
    await nextTick()
    const width = tip.value?.offsetWidth ?? 0
    const current = active.value
    if (current?.id === found.id && current.left + width > box.width) active.value = { ...current, left: Math.max(0, box.width - width) }
  }
  const hide = () => {
    active.value = null
  }
  // A mark no longer shown (confirmed ones hidden again, another portrait) takes its popover with it.
  watch(
    () => toValue(marks),
    (now) => {
      if (active.value && !now.some((mark) => mark.id === active.value?.id)) hide()
    },
  )
  const within = (node: EventTarget | null, element: Element | null | undefined) => node instanceof Node && !!element?.contains(node)

  useEventListener(area, 'focusin', (event: FocusEvent) => {
    const mark = markOf(event.target)
    if (mark) void show(mark)
  })
  useEventListener(area, 'focusout', (event: FocusEvent) => {
    if (markOf(event.target)?.id === active.value?.id) hide()
  })
  useEventListener(area, 'mouseover', (event: MouseEvent) => {
    const mark = markOf(event.target)
    if (mark && mark.id !== active.value?.id) void show(mark)
  })
  useEventListener(area, 'mouseout', (event: MouseEvent) => {
    const current = active.value && document.getElementById(active.value.id)
    // The pointer may move onto the popover to read it, and a focused mark keeps its popover.
    if (!current || within(event.relatedTarget, current) || within(event.relatedTarget, tip.value) || document.activeElement === current) return
    if (markOf(event.target) || within(event.target, tip.value)) hide()
  })
  useEventListener(area, 'click', (event: MouseEvent) => {
    const mark = markOf(event.target)
    if (mark) void show(mark)
  })
  useEventListener(area, 'keydown', (event: KeyboardEvent) => {
    if (event.key === 'Escape' && active.value) hide()
  })

  return { active, hide }
}
