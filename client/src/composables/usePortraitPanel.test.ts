// @vitest-environment happy-dom
import { mount } from '@vue/test-utils'
import urql from '@urql/vue'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { forgetStream } from '../stores/articleStreams.ts'
import type { StreamEvent } from './articleState.ts'
import type { Portrait } from './panelView.ts'
import { chunk, done, failure, metadata, savedArticle } from './tarticle.ts'
import { fakeServer, type Answers } from './tclient.ts'
import { usePortraitPanel } from './usePortraitPanel.ts'

type Panel = ReturnType<typeof usePortraitPanel>

/** The artist's page, reduced to its panel, at an address of the app's two. */
async function openPage(answers: Answers, path = '/artists/a1', portraits: readonly Portrait[] = []) {
  const server = fakeServer(answers)
  let panel: Panel | undefined
  const Page = defineComponent({
    props: { id: { type: String, required: true }, portraitId: { type: String, default: undefined } },
    setup(props) {
      panel = usePortraitPanel({
        artistId: props.id,
        portraits: () => portraits,
        portraitId: () => props.portraitId,
        defaults: { language: 'en', length: 'MEDIUM', tone: 'NEUTRAL' },
        refresh: () => {},
      })
      return () => h('div')
    },
  })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/artists/:id', name: 'artist', component: Page, props: true },
      { path: '/artists/:id/portraits/:portraitId', name: 'portrait', component: Page, props: true },
    ],
  })
  await router.push(path)
  const wrapper = mount(RouterView, { global: { plugins: [router, [urql, server.client]] } })
  await vi.waitFor(() => expect(panel).toBeDefined())
  const send = (event: StreamEvent) => server.push('GenerateArticle', { generateArticle: event })
  return { server, panel: panel!, router, wrapper, send }
}

/** Long enough for any read the end of a stream sets off to be asked. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 100))

afterEach(() => forgetStream())

describe('the portrait panel', () => {
  const text = '# Björk\n\nAn Icelandic singer.\n'
  const saved = savedArticle(text, { durationMs: 4_200 })
  const answers: Answers = {
    ArticleText: () => ({ article: { __typename: 'Article', ...saved } }),
    CancelGeneration: () => ({ cancelGeneration: true }),
  }

  it.each([
    ['finishes with the text it received', text, done(text)],
    ['finishes with a text that differs from the saved one', text.slice(0, 12), done(text)],
    ['is cancelled', text.slice(0, 12), failure('CANCELLED')],
  ])('reads the saved article once when its stream %s, and shows it', async (_, received, end) => {
    vi.spyOn(console, 'error').mockImplementation(() => {})
    const { server, panel, router, send, wrapper } = await openPage(answers)
    panel.generate()
    await vi.waitFor(() => expect(server.open('GenerateArticle')).toHaveLength(1))
    send(metadata('g1'))
    send(chunk(0, received))
    // The stream takes its generation's address: the panel now shows the portrait it names.
    await vi.waitFor(() => expect(router.currentRoute.value.params.portraitId).toBe('g1'))
    expect(panel.view.value.kind).toBe('writing')
    send(end)
    await vi.waitFor(() => expect(panel.view.value).toMatchObject({ kind: 'ended', article: { id: 'g1' } }))
    await settled()
    expect(server.requested('ArticleText')).toBe(1)
    expect(server.count('ArticleText')).toBe(1)
    expect(panel.view.value).toMatchObject({ text, whole: text, current: 'g1' })
    wrapper.unmount()
  })

  it('reads a saved portrait its address names, and says when there is none', async () => {
    const { server, panel, wrapper } = await openPage(answers, '/artists/a1/portraits/g1', [{ ...saved, __typename: 'Article', generation: null } as unknown as Portrait])
    await vi.waitFor(() => expect(panel.view.value).toMatchObject({ kind: 'saved', text, article: { id: 'g1' } }))
    expect(server.count('ArticleText')).toBe(1)
    wrapper.unmount()

    const gone = await openPage({ ArticleText: () => ({ article: null }), GenerationStatus: () => ({ generation: null }) }, '/artists/a1/portraits/g9')
    await vi.waitFor(() => expect(gone.panel.view.value.kind).toBe('unknown'))
    gone.wrapper.unmount()
  })

  it('follows a portrait its address names that is still being written, from its start', async () => {
    const generation = { __typename: 'Generation', id: 'g2', status: 'RUNNING', language: 'fr', length: 'SHORT', tone: 'NEUTRAL' }
    const { server, panel, send, wrapper } = await openPage({ ...answers, GenerationStatus: () => ({ generation }) }, '/artists/a1/portraits/g2')
    await vi.waitFor(() => expect(server.open('GenerateArticle')).toHaveLength(1))
    expect(server.open('GenerateArticle')[0]!.variables).toMatchObject({ resume: { generationId: 'g2', offset: 0 }, options: { language: 'fr', length: 'SHORT' } })
    send(metadata('g2'))
    send(chunk(0, 'Déjà écrit', 0, 'g2'))
    await vi.waitFor(() => expect(panel.view.value).toMatchObject({ kind: 'writing', phase: 'streaming', text: 'Déjà écrit', current: 'g2' }))
    wrapper.unmount()
  })
})
