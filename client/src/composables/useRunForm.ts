import { useClientHandle, useQuery } from '@urql/vue'
import { watchDebounced } from '@vueuse/core'
import { computed, reactive, shallowRef, watch } from 'vue'
import type { EstimatePortraitRunQuery, PortraitRunFieldsFragment } from '../gql/graphql.ts'
import { EstimatePortraitRun, StartPortraitRun } from './runDocuments.ts'
import { amountOf, budgetCovers, operationError, runInputOf, type OperationError, type RunForm } from './runState.ts'
import { GenresQuery } from './useCollection.ts'
import type { ArticleRequest } from './useArticleStream.ts'

export type RunEstimate = EstimatePortraitRunQuery['estimatePortraitRun']

/** How long the form rests before the estimate is asked again. */
const estimateDelayMs = 300

/** The form as last left in this tab: Back from a run finds the choices that started it. */
let remembered: RunForm | null = null

/**
 * The form that starts a run: which artists, their portraits' options and the budget, with the
 * server's estimate of what the run would write and cost, asked again once the choice rests.
 */
export function useRunForm(defaults: ArticleRequest) {
  const { client } = useClientHandle()
  const form = reactive<RunForm>(
    remembered ? { ...remembered, options: { ...remembered.options } } : { scope: 'all', search: '', genre: '', missingOnly: true, options: { ...defaults }, budgetTokens: '', budgetCost: '' },
  )
  watch(form, (now) => (remembered = { ...now, options: { ...now.options } }), { deep: true })
  const genres = useQuery({ query: GenresQuery })

  /** The choice the estimate is for: the budget does not change what a run would write. */
  const choice = computed(() => runInputOf(form, { budget: false }))
  const choiceKey = computed(() => JSON.stringify(choice.value))
  const estimate = shallowRef<RunEstimate | null>(null)
  const estimateError = shallowRef<OperationError | null>(null)
  /** The choice the estimate on screen (or the one on its way) answers. */
  const askedKey = shallowRef<string | null>(null)
  const answeredKey = shallowRef<string | null>(null)
  let asked = 0

  async function estimateNow() {
    const input = choice.value
    const key = choiceKey.value
    const ask = ++asked
    askedKey.value = key
    if (!input) {
      estimate.value = null
      estimateError.value = null
      answeredKey.value = key
      return
    }
    const result = await client.query(EstimatePortraitRun, { input }, { requestPolicy: 'network-only' }).toPromise()
    // An answer to a choice the reader has since changed is dropped.
    if (ask !== asked) return
    estimateError.value = operationError(result.error)
    estimate.value = result.data?.estimatePortraitRun ?? (estimateError.value ? null : estimate.value)
    answeredKey.value = key
  }
  void estimateNow()
  watchDebounced(choiceKey, () => void estimateNow(), { debounce: estimateDelayMs })

  /** The estimate on screen is for another choice than the form's: a new one is on its way. */
  const estimating = computed(() => answeredKey.value !== choiceKey.value || askedKey.value !== answeredKey.value)
  const currency = computed(() => estimate.value?.currency ?? null)
  const covers = computed(() =>
    estimate.value ? budgetCovers(estimate.value, amountOf(form.budgetTokens, true), currency.value ? amountOf(form.budgetCost) : null) : null,
  )

  const starting = shallowRef(false)
  const startError = shallowRef<OperationError | null>(null)

  /** Starts the run the form describes; null when the server refused it (`startError` says why). */
  async function start(): Promise<PortraitRunFieldsFragment | null> {
    const input = runInputOf(form, { currency: currency.value })
    if (!input || starting.value) return null
    starting.value = true
    startError.value = null
    try {
      const result = await client.mutation(StartPortraitRun, { input }).toPromise()
      if (result.data) return result.data.startPortraitRun
      startError.value = operationError(result.error) ?? { code: null, message: 'The run could not start.' }
      // Nothing left to write: the estimate said otherwise a moment ago, so it is asked again.
      if (startError.value.code === 'NO_ARTISTS') void estimateNow()
      return null
    } finally {
      starting.value = false
    }
  }

  return {
    form,
    genres: computed(() => genres.data.value?.genres ?? []),
    /** The form's choice as the API takes it; null until its search or genre is given. */
    choice,
    estimate,
    estimating,
    estimateError,
    /** The currency the server prices portraits in; null when it has no prices (no money budget then). */
    currency,
    /** How many of the estimated portraits the budget pays for, when not all. */
    covers,
    starting,
    startError,
    start,
    clearStartError: () => (startError.value = null),
  }
}
