import { useClientHandle, useQuery } from '@urql/vue'
import { computed, onMounted, ref, toValue, watch, type MaybeRefOrGetter } from 'vue'
import { useRouter } from 'vue-router'
import { articleStreamOf } from '../stores/articleStreams.ts'
import { ArticleText, GenerationStatus } from './articleDocuments.ts'
import { errorOf, isRunning } from './articleState.ts'
import { historyOf, panelView, showsStream, type Portrait } from './panelView.ts'
import { sameOptions } from './portraitLabels.ts'
import { resumableErrors, type ArticleRequest } from './useArticleStream.ts'

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

/** How often, and how soon after each other, the list is read again until it shows a stream's end. */
const maxRereads = 5
const rereadMs = 250

/**
 * What the portrait panel shows, and the one place that decides it (`view`, see panelView.ts). The
 * address names the portrait on screen: a stream takes the address of its generation as soon as it
 * has one, so a reload, Back or a shared link finds it (live while it is written, saved after).
 * Without a portrait in the address, the form's options pick the latest finished portrait that
 * has them.
 */
export function usePortraitPanel({ artistId, portraits, portraitId, defaults, refresh }: UsePortraitPanelOptions) {
  const { client } = useClientHandle()
  const router = useRouter()
  const stream = articleStreamOf(client, artistId)
  const options = ref<ArticleRequest>({ ...defaults, ...(stream.state.value.options as ArticleRequest | null) })

  const running = computed(() => isRunning(stream.state.value.stage))
  const list = computed(() => toValue(portraits))
  const match = computed(() => list.value.find((portrait) => portrait.status === 'COMPLETE' && sameOptions(portrait, options.value)) ?? null)
  const selectedId = computed(() => toValue(portraitId) ?? match.value?.id ?? null)
  /**
   * The reader moved on from this tab's last stream (chose other options, or came back to the page
   * after it ended): the form's options pick what is shown again.
   */
  const dismissed = ref(!running.value)
  const showStream = computed(() => showsStream({ state: stream.state.value, portraitId: toValue(portraitId) ?? null, selectedId: selectedId.value, dismissed: dismissed.value }))
  const selected = computed(() => list.value.find((portrait) => portrait.id === selectedId.value) ?? null)

  // The saved article on screen, when the stream is not: the stream reads its own once it ends.
  const saved = useQuery({
    query: ArticleText,
    variables: computed(() => ({ id: selectedId.value ?? '' })),
    pause: computed(() => !selectedId.value || showStream.value),
    requestPolicy: 'cache-and-network',
  })

  const view = computed(() =>
    panelView({
      state: stream.state.value,
      portraitId: toValue(portraitId) ?? null,
      selectedId: selectedId.value,
      dismissed: dismissed.value,
      saved: saved.data.value?.article?.id === selectedId.value ? (saved.data.value?.article ?? null) : null,
      loading: saved.fetching.value,
      language: options.value.language,
      portraits: list.value,
    }),
  )

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
    const { stage, generationId } = stream.state.value
    if (stage.status !== 'done' && stage.status !== 'cancelled') return
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
    if (stream.state.value.generationId === id && stream.state.value.stage.status !== 'idle') return
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
    /** This tab's stream of the artist is being written (shown or not). */
    running,
    /** What the panel shows. */
    view,
    /** The latest finished portrait with the form's options: Generate would replay it, so the button writes a new one. */
    match,
    /** The portraits the history lists, this tab's own among them while it writes it. */
    history: computed(() => historyOf(stream.state.value, list.value)),

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
      const error = errorOf(stream.state.value)
      dismissed.value = false
      if (!error || !resumableErrors.includes(error.code)) leavePortrait()
      stream.retry()
    },
  }
}
