// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest'
import { effectScope, nextTick, shallowRef } from 'vue'
import { useTextMarks, type DrawnText, type TextMark } from './useTextMarks.ts'

const mark = (text: string, start: number, kind = 'contradicted'): TextMark => ({ id: `fact-${start}`, start, text, className: `fact ${kind}`, describedBy: `fact-${start}-note` })

/** A view that drew `blocks` (source, HTML) of `text`, and the marks wanted in it. */
function view(text: string, blocks: { source: string; html: string }[], marks: TextMark[]) {
  const root = document.createElement('div')
  document.body.append(root)
  let start = 0
  const placed = blocks.map(({ source, html }) => {
    const block = { start: text.indexOf(source, start), source, html }
    start = block.start + source.length
    return block
  })
  root.innerHTML = placed.map((block) => `<div class="block">${block.html}</div>`).join('')
  const drawn = shallowRef<DrawnText>({ text, blocks: placed })
  const wanted = shallowRef(marks)
  const scope = effectScope()
  scope.run(() => useTextMarks({ root: shallowRef(root), drawn, marks: wanted }))
  return { root, drawn, wanted, scope }
}

describe('marking the values a text states', () => {
  let scope: ReturnType<typeof effectScope> | undefined
  afterEach(() => {
    scope?.stop()
    document.body.innerHTML = ''
  })

  it('wraps the occurrence the Markdown states, not an earlier one, nor one in a link’s address', async () => {
    const text = 'In [1994](https://x.test/1994) and 1994 again: 1994.\n'
    const html = '<p>In <a href="https://x.test/1994">1994</a> and 1994 again: 1994.</p>'
    const page = view(text, [{ source: text, html }], [mark('1994', text.lastIndexOf('1994'))])
    scope = page.scope
    page.drawn.value = { ...page.drawn.value }
    await nextTick()
    const marks = page.root.querySelectorAll('mark')
    expect(marks).toHaveLength(1)
    expect(marks[0]!.previousSibling!.textContent).toBe(' and 1994 again: ')
    expect(marks[0]!.outerHTML).toContain('aria-describedby="fact-47-note"')
    // markdown-it's HTML stays as it was around it.
    expect(page.root.querySelector('a')!.outerHTML).toBe('<a href="https://x.test/1994">1994</a>')
  })

  it('marks nothing where the text does not hold the value at its offset', async () => {
    const text = 'Released in 1995.\n'
    const page = view(text, [{ source: text, html: '<p>Released in 1995.</p>' }], [mark('1994', 12), mark('1995', 3)])
    scope = page.scope
    page.drawn.value = { ...page.drawn.value }
    await nextTick()
    expect(page.root.querySelectorAll('mark')).toHaveLength(0)
  })

  it('takes a mark out again when it is no longer wanted, and leaves the text whole', async () => {
    const text = 'Debut (1993).\n'
    const page = view(text, [{ source: text, html: '<p>Debut (1993).</p>' }], [mark('1993', 7)])
    scope = page.scope
    page.drawn.value = { ...page.drawn.value }
    await nextTick()
    expect(page.root.querySelectorAll('mark')).toHaveLength(1)
    page.wanted.value = []
    await nextTick()
    const paragraph = page.root.querySelector('p')!
    expect(paragraph.innerHTML).toBe('Debut (1993).')
    expect(paragraph.childNodes).toHaveLength(1)
  })

  it('keeps a focused mark as it is when another one comes, changing only its look', async () => {
    const text = 'Post (1994), Homogenic (1997).\n'
    const page = view(text, [{ source: text, html: '<p>Post (1994), Homogenic (1997).</p>' }], [mark('1994', 6)])
    scope = page.scope
    page.drawn.value = { ...page.drawn.value }
    await nextTick()
    const first = page.root.querySelector('mark')!
    first.focus()
    page.wanted.value = [mark('1994', 6, 'confirmed'), mark('1997', 24)]
    await nextTick()
    expect(page.root.querySelectorAll('mark')).toHaveLength(2)
    expect(page.root.querySelector('mark')).toBe(first)
    expect(first.className).toBe('fact confirmed')
    expect(document.activeElement).toBe(first)
  })
})
