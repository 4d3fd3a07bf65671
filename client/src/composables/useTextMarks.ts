import { toValue, watch, type MaybeRefOrGetter, type Ref } from 'vue'
import { occurrences, placeOf, type SourceBlock } from '../markdown/claims.ts'

/** A value stated in the Markdown, to be marked where the page shows it. */
export interface TextMark {
  /** The mark's element id, for links to it. */
  id: string
  /** Where the value starts in the Markdown, and the value as written there. */
  start: number
  text: string
  className: string
  /** The id of the element that describes the mark to screen readers. */
  describedBy: string
}

/** A block as drawn: its source, and the HTML its element was given. */
export interface DrawnBlock extends SourceBlock {
  html: string
}

/** What the view drew: the text, and its blocks in the order of their elements. */
export interface DrawnText {
  text: string
  blocks: readonly DrawnBlock[]
}

export interface UseTextMarksOptions {
  /** The element whose `.block` children are the blocks drawn, in order. */
  root: Readonly<Ref<HTMLElement | null>>
  drawn: Readonly<Ref<DrawnText>>
  marks: MaybeRefOrGetter<readonly TextMark[]>
}

const markSelector = 'mark[data-mark]'

/**
 * Wraps marked values in `<mark>` elements once the blocks are in the page, leaving markdown-it's
 * HTML as it is around them. A block's element is touched only when its HTML (set anew by the view)
 * or its marks change, and then only the marks that changed: a focused mark stays focused.
 */
export function useTextMarks({ root, drawn, marks }: UseTextMarksOptions) {
  const applied = new WeakMap<Element, { html: string; signature: string }>()

  function apply() {
    const container = root.value
    if (!container) return
    const { text, blocks } = drawn.value
    const elements = container.querySelectorAll(':scope > .block')
    const wanted = blocks.map(() => [] as { mark: TextMark; occurrence: number }[])
    for (const mark of toValue(marks)) {
      if (text.slice(mark.start, mark.start + mark.text.length) !== mark.text) continue
      const place = placeOf(blocks, mark.start, mark.text)
      if (place) wanted[place.block]!.push({ mark, occurrence: place.occurrence })
    }
    blocks.forEach((block, index) => {
      const element = elements[index]
      if (!element) return
      const signature = JSON.stringify(wanted[index])
      const before = applied.get(element)
      if (before && before.html === block.html && before.signature === signature) return
      update(element, wanted[index]!)
      applied.set(element, { html: block.html, signature })
    })
  }

  watch([drawn, () => toValue(marks)], apply, { flush: 'post' })
}

function update(element: Element, wanted: readonly { mark: TextMark; occurrence: number }[]) {
  const byId = new Map(wanted.map((entry) => [entry.mark.id, entry]))
  for (const existing of element.querySelectorAll<HTMLElement>(markSelector)) {
    const entry = byId.get(existing.id)
    if (!entry || existing.dataset.mark !== String(entry.mark.start)) unwrap(existing)
    else {
      attributes(existing, entry.mark)
      byId.delete(existing.id)
    }
  }
  for (const { mark, occurrence } of byId.values()) wrap(element, mark, occurrence)
}

function attributes(element: HTMLElement, mark: TextMark) {
  element.className = mark.className
  element.setAttribute('aria-describedby', mark.describedBy)
}

/** Wraps the `occurrence`-th (from 0) occurrence of the mark's text in the element's text. */
function wrap(element: Element, mark: TextMark, occurrence: number) {
  const nodes: Text[] = []
  const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as Text)
  const whole = nodes.map((node) => node.data).join('')
  if (occurrences(whole, mark.text) <= occurrence) return
  let at = whole.indexOf(mark.text)
  for (let i = 0; i < occurrence; i++) at = whole.indexOf(mark.text, at + mark.text.length)
  let offset = 0
  for (const node of nodes) {
    if (at < offset + node.data.length) {
      // A value that Markdown syntax would split is not one the checker reports: never across nodes.
      if (at + mark.text.length > offset + node.data.length) return
      const value = node.splitText(at - offset)
      value.splitText(mark.text.length)
      const wrapper = element.ownerDocument.createElement('mark')
      wrapper.id = mark.id
      wrapper.dataset.mark = String(mark.start)
      wrapper.tabIndex = 0
      attributes(wrapper, mark)
      value.replaceWith(wrapper)
      wrapper.append(value)
      return
    }
    offset += node.data.length
  }
}

function unwrap(mark: Element) {
  const parent = mark.parentNode
  mark.replaceWith(...mark.childNodes)
  parent?.normalize()
}
