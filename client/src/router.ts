import { createRouter, createWebHistory, START_LOCATION, type RouteLocationNormalized, type Router } from 'vue-router'

const artistPage = () => import('./pages/ArtistPage.vue')

/** Two addresses of one artist's page: moving between its portraits keeps the reader where they are. */
const sameArtist = (to: RouteLocationNormalized, from: RouteLocationNormalized) =>
  to.params.id !== undefined && to.params.id === from.params.id && (to.name === 'artist' || to.name === 'portrait') && (from.name === 'artist' || from.name === 'portrait')

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'collection', component: () => import('./pages/CollectionPage.vue') },
    { path: '/import', name: 'import', component: () => import('./pages/ImportPage.vue') },
    { path: '/runs', name: 'runs', component: () => import('./pages/RunsPage.vue') },
    // A run's address is all a reload, Back or another tab needs: the page reads the rest from the server.
    { path: '/runs/:id', name: 'run', component: () => import('./pages/RunPage.vue'), props: true },
    { path: '/artists/:id', name: 'artist', component: artistPage, props: true },
    { path: '/artists/:id/portraits/:portraitId', name: 'portrait', component: artistPage, props: true },
    { path: '/albums/:id', name: 'album', component: () => import('./pages/AlbumPage.vue'), props: true },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
  ],
  async scrollBehavior(to, from, saved) {
    if (sameArtist(to, from)) return false
    if (!saved) return { top: 0 }
    // Back and Forward: the page draws what it remembers first (see useCollection), then the
    // position it was left at is taken again.
    await new Promise((resolve) => requestAnimationFrame(resolve))
    return saved
  },
})

/**
 * vue-router takes a navigation begun before the first one has settled for the first, and replaces
 * the history entry instead of adding one: the reader's Back would then leave the app (to the
 * blank page a new tab starts on). Such a navigation waits for the first to settle, then is pushed.
 */
export function pushAfterFirstNavigation(router: Router) {
  const push = router.push.bind(router)
  router.push = async (to) => {
    if (router.currentRoute.value === START_LOCATION) await router.isReady().catch(() => {})
    return push(to)
  }
}
pushAfterFirstNavigation(router)

