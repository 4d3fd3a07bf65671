// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
import { createMarkdown } from '../markdown/markdown.ts'
import type { TextMark } from '../composables/useTextMarks.ts'
import MarkdownView from './MarkdownView.vue'

const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)))

describe('MarkdownView', () => {
  it('updates the DOM once per animation frame however many chunks arrive, keeping finished blocks', async () => {
    const view = mount(MarkdownView, { props: { text: '', live: true } })
    let text = '# Title\n\nFirst paragraph.\n\n'
    await view.setProps({ text })
    await frame()
    await nextTick()
    const title = view.find('h1').element
    const renders = view.emitted('rendered')!.length

    for (const piece of ['Second ', 'paragraph ', 'grows ', '**bold']) {
      text += piece
      await view.setProps({ text })
    }
    await frame()
    await nextTick()
    expect(view.emitted('rendered')!.length - renders).toBe(1)
    // The finished heading is the same DOM node: only the growing block changed.
    expect(view.find('h1').element).toBe(title)
    expect(view.find('.tail').html()).toContain('<strong>bold</strong>')
  })

  it('draws the last chunk in the same update that ends the stream, without waiting for a frame', async () => {
    const view = mount(MarkdownView, { props: { text: 'The first words', live: true } })
    await frame()
    await nextTick()
    await view.setProps({ text: 'The first words and the last ones.', live: false })
    expect(view.text()).toBe('The first words and the last ones.')
    const renders = view.emitted('rendered')!.length
    await frame()
    expect(view.emitted('rendered')!.length).toBe(renders)
  })

  it('renders no script from hostile Markdown', async () => {
    const view = mount(MarkdownView, { props: { text: '<script>window.hacked = true</script>\n\n[x](javascript:alert(1))\n\n<img src=x onerror="window.hacked=true">' } })
    await frame()
    await nextTick()
    expect(view.findAll('script')).toHaveLength(0)
    expect(view.findAll('img')).toHaveLength(0)
    expect(view.find('a').exists()).toBe(false)
    expect(view.text()).toContain('<script>')
  })

  describe('marks', () => {
    const text = '## Albums in 1994\n\nIn 1994 she toured. Her second album, *Post* (1994), followed [Debut](https://x.example/1994).\n\n- *Homogenic* (1997)\n'
    const mark = (value: string, start: number, status = 'contradicted'): TextMark => ({ id: `fact-${start}`, start, text: value, className: `fact ${status}`, describedBy: `fact-${start}-note` })
    const post = text.indexOf('(1994)') + 1
    const homogenic = text.indexOf('1997')
    /** The page's HTML with the marks taken out again. */
    const unmarked = (element: Element) => {
      const copy = element.cloneNode(true) as Element
      for (const found of copy.querySelectorAll('mark')) found.replaceWith(...found.childNodes)
      copy.normalize()
      return [...copy.querySelectorAll('.block')].map((block) => block.innerHTML).join('')
    }
    const settle = async () => {
      await frame()
      await nextTick()
      await nextTick()
    }

    it('wraps the stated value where the text states it, and leaves markdown-it’s HTML as it is around it', async () => {
      const view = mount(MarkdownView, { props: { text, marks: [mark('1994', post)] }, attachTo: document.body })
      await settle()
      const marks = view.findAll('mark')
      expect(marks).toHaveLength(1)
      expect(marks[0]!.attributes()).toMatchObject({ id: `fact-${post}`, class: 'fact contradicted', tabindex: '0', 'aria-describedby': `fact-${post}-note` })
      // The third 1994 of the paragraph's text: the one in the heading is another block, the link's address is not text.
      expect(marks[0]!.element.closest('p')!.innerHTML).toContain('<em>Post</em> (<mark')
      expect(unmarked(view.element)).toBe(createMarkdown().render(text))
      view.unmount()
    })

    it('marks values as they arrive while the text streams, and keeps a focused mark when others come', async () => {
      // The paragraph is finished (a blank line follows): its element stays as it is from now on.
      const view = mount(MarkdownView, { props: { text: text.slice(0, homogenic - 4), live: true, marks: [mark('1994', post)] }, attachTo: document.body })
      await settle()
      expect(view.findAll('mark')).toHaveLength(1)
      const first = view.find('mark').element as HTMLElement
      first.focus()
      await view.setProps({ text, marks: [mark('1994', post), mark('1997', homogenic, 'confirmed')] })
      await settle()
      expect(view.findAll('mark').map((found) => found.text())).toEqual(['1994', '1997'])
      expect(document.activeElement).toBe(first)
      await view.setProps({ live: false, marks: [mark('1994', post, 'confirmed')] })
      await settle()
      expect(view.findAll('mark').map((found) => found.classes())).toEqual([['fact', 'confirmed']])
      expect(unmarked(view.element)).toBe(createMarkdown().render(text))
      view.unmount()
    })

    it('marks nothing where the text does not hold the value (yet)', async () => {
      const view = mount(MarkdownView, { props: { text: text.slice(0, post), marks: [mark('1994', post), mark('1994', 3)] } })
      await settle()
      expect(view.findAll('mark')).toHaveLength(0)
    })
  })
})
