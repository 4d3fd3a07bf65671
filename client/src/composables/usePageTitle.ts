import { useTitle } from '@vueuse/core'
import { computed, type MaybeRefOrGetter, toValue } from 'vue'
import { useI18n } from 'vue-i18n'

/** The tab's title for a page: what it shows, then the app's name ("Björk — Portrait"). */
export function usePageTitle(title: MaybeRefOrGetter<string | null | undefined>) {
  const { t } = useI18n()
  useTitle(computed(() => {
    const page = toValue(title)
    return page ? t('app.titled', { page }) : t('app.name')
  }))
}
