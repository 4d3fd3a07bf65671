// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { nextTick } from 'vue'
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
})
