import { useClientHandle, useQuery } from '@urql/vue'
import { computed, onMounted, ref, toValue, watch, type MaybeRefOrGetter } from 'vue'
import { useRouter } from 'vue-router'
import type { ArtistQuery } from '../gql/graphql.ts'
import { articleStreamOf } from '../stores/articleStreams.ts'
import { ArticleText, GenerationStatus } from './articleDocuments.ts'
import { sameOptions } from './portraitLabels.ts'
import { countWords } from './useArticleStats.ts'
import { resumableErrors, type ArticleRequest } from './useArticleStream.ts'

export type Portrait = NonNullable<ArtistQuery['artist']>['portraits'][number]

export interface UsePortraitPanelOptions {
  artistId: string
  portraits: MaybeRefOrGetter<readonly Portrait[]>
  /** The portrait named in the address (a permalink), if any. */
  portraitId: MaybeRefOrGetter<string | undefined>
  /** The options a new portrait starts with. */
  defaults: ArticleRequest
  /** Reads the artist's portraits again (a stream ended, so the list changed). */
  refresh: () => void
}

const runningPhases = new Set(['connecting', 'streaming', 'paused'])
/** How often, and how soon after each other, the list is read again until it shows a stream's end. */
const maxRereads = 5
const rereadMs = 250

/**
 * What the portrait panel shows, and the one place that decides it. The address names the
 * portrait on screen: a stream takes the address of its generation as soon as it has one, so a
 * reload, Back or a shared link finds it (live while it is written, saved after). Without a
 * portrait in the address, the form's options pick the latest finished portrait that has them.
 */
export function usePortraitPanel({ artistId, portraits, portraitId, defaults, refresh }: UsePortraitPanelOptions) {
  const { client } = useClientHandle()
  const router = useRouter()
  const stream = articleStreamOf(client, artistId)
  const options = ref<ArticleRequest>({ ...defaults, ...(stream.state.value.options as ArticleRequest | null) })

  const running = computed(() => runningPhases.has(stream.phase.value))
  const list = computed(() => toValue(portraits))
  const match = computed(() => list.value.find((portrait) => portrait.status === 'COMPLETE' && sameOptions(portrait, options.value)) ?? null)
  const selectedId = computed(() => toValue(portraitId) ?? match.value?.id ?? null)
  /**
   * The reader moved on from this tab's last stream (chose other options, or came back to the page
   * after it ended): the form's options pick what is shown again.
   */
  const dismissed = ref(!running.value)
  /** The stream is on screen: it is the portrait asked for, or the last thing asked for here. */
  const showStream = computed(() => {
    const { status, generationId } = stream.state.value
    if (status === 'idle') return false
    if (generationId !== null && generationId === selectedId.value) return true
    return !toValue(portraitId) && (running.value || !dismissed.value)
  })
  const selected = computed(() => list.value.find((portrait) => portrait.id === selectedId.value) ?? null)

  // The saved article on screen (or the one a finished stream became): its text, status and usage.
  const saved = useQuery({
    query: ArticleText,
    variables: computed(() => ({ id: selectedId.value ?? '' })),
    pause: computed(() => !selectedId.value || (showStream.value && running.value)),
    requestPolicy: 'cache-and-network',
  })
  const article = computed(() => (saved.data.value?.article?.id === selectedId.value ? saved.data.value.article : null))

  /** A portrait being written that this panel does not show: "being written — 42 % — open". */
  const writingElsewhere = computed(() => {
    const shownId = showStream.value ? stream.state.value.generationId : selectedId.value
    const writing = list.value.find((portrait) => portrait.status === 'WRITING' && portrait.id !== shownId)
    const { generationId, text, targetWords } = stream.state.value
    // The one this tab follows is as far along as the text it holds.
    if (running.value && !showStream.value && generationId) return { id: generationId, words: countWords(text), target: targetWords }
    if (!writing) return null
    return { id: writing.id, words: writing.generation?.writtenWords ?? writing.wordCount, target: writing.generation?.targetWords ?? 0 }
  })

  /**
   * The portraits listed in the history: the artist's, with the one this tab is writing among them
   * from its first word (the server lists it only once it has saved some of it, and this tab may
   * read the list before that), as far along as the text this tab holds.
   */
  const history = computed<readonly Portrait[]>(() => {
    const { generationId, options: streamOptions, model, text, targetWords, startedAt } = stream.state.value
    if (!running.value || !generationId || !streamOptions || !model) return list.value
    const words = countWords(text)
    const progress = { __typename: 'GenerationStatus', id: generationId, writtenWords: words, targetWords } as unknown as NonNullable<Portrait['generation']>
    const known = list.value.find((portrait) => portrait.id === generationId)
    if (known) return list.value.map((portrait) => (portrait === known ? { ...known, status: 'WRITING', wordCount: Math.max(known.wordCount, words), generation: progress } as Portrait : portrait))
    const writing = {
      __typename: 'Article',
      id: generationId,
      status: 'WRITING',
      language: streamOptions.language,
      length: streamOptions.length,
      tone: streamOptions.tone,
      model,
      createdAt: new Date(startedAt ?? Date.now()).toISOString(),
      wordCount: words,
      usage: { promptTokens: null, completionTokens: null, reasoningTokens: null },
      timings: { durationMs: null, tokensPerSecond: null },
      generation: progress,
    } as unknown as Portrait
    return [writing, ...list.value]
  })

  // A stream that has a generation takes its address, without a history entry of its own.
  watch(
    () => stream.state.value.generationId,
    (id) => {
      if (id && running.value && toValue(portraitId) !== id && (!toValue(portraitId) || showStream.value)) {
        void router.replace({ name: 'portrait', params: { id: artistId, portraitId: id } })
      }
    },
    { immediate: true },
  )
  // A stream that ends changes the list (a new portrait, a status): read it again. The server saves
  // the ending before its readers hear of it, but a read already on its way (the list is read every
  // few seconds while a portrait is written) answers for the new one with what it found before: so
  // the list is read until it shows the ending too.
  let rereads = 0
  watch(running, (now, before) => {
    if (!before || now) return
    rereads = 0
    refresh()
  })
  watch(list, (portraits) => {
    const { status, generationId } = stream.state.value
    if (running.value || (status !== 'done' && status !== 'cancelled')) return
    const stale = portraits.some((portrait) => portrait.id === generationId && portrait.status === 'WRITING')
    if (stale && rereads++ < maxRereads) setTimeout(refresh, rereadMs)
  })

  /** Off the portrait on screen: a new generation takes the address once it has an id. */
  const leavePortrait = () => {
    if (toValue(portraitId)) void router.replace({ name: 'artist', params: { id: artistId } })
  }

  // A portrait asked for by its address is shown with its own options on the form, and followed
  // live when it is still being written (by this tab's reload, another tab, another instance).
  async function open(id: string) {
    if (stream.state.value.generationId === id && stream.state.value.status !== 'idle') return
    const known = list.value.find((portrait) => portrait.id === id)
    if (known && known.status !== 'WRITING') return
    if (running.value) return
    // Not listed yet (before its first save), or listed as being written: is it running?
    const { data } = await client.query(GenerationStatus, { id }, { requestPolicy: 'network-only' }).toPromise()
    const generation = data?.generation
    if (generation?.status === 'RUNNING' && toValue(portraitId) === id && !running.value) {
      stream.join(id, { language: generation.language, length: generation.length, tone: generation.tone })
    }
  }
  watch(selected, (portrait) => {
    if (portrait && toValue(portraitId) === portrait.id) options.value = { language: portrait.language, length: portrait.length, tone: portrait.tone }
  }, { immediate: true })
  watch(() => [toValue(portraitId), list.value.length] as const, ([id]) => id && void open(id))
  onMounted(() => {
    const id = toValue(portraitId)
    if (id) void open(id)
  })

  return {
    stream,
    options,
    running,
    showStream,
    selectedId,
    /** The latest finished portrait with the form's options: Generate would replay it, so the button writes a new one. */
    match,
    /** The saved article of the portrait selected (by address, or by the form's options). */
    article,
    loadingArticle: saved.fetching,
    writingElsewhere,
    /** The portraits the history lists, this tab's own among them while it writes it. */
    history,

    /** The reader changed the options: they pick the portrait that has them, or say there is none. */
    choose(next: ArticleRequest) {
      options.value = next
      dismissed.value = true
      const current = selected.value
      if (toValue(portraitId) && (!current || !sameOptions(current, next))) void router.replace({ name: 'artist', params: { id: artistId } })
    },

    /** Writes a portrait with the form's options (a new one when a finished one has them), shown here as it is written. */
    generate() {
      dismissed.value = false
      leavePortrait()
      stream.generate(options.value, match.value !== null)
    },

    /** Tries again after an error: the same generation where it stopped, or a new one. */
    retry() {
      const { error } = stream.state.value
      dismissed.value = false
      if (!error || !resumableErrors.includes(error.code)) leavePortrait()
      stream.retry()
    },
  }
}
