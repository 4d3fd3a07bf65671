import { createRouter, createWebHistory } from 'vue-router'

export const router = createRouter({
  history: createWebHistory(),
  routes: [
    { path: '/', name: 'collection', component: () => import('./pages/CollectionPage.vue') },
    { path: '/import', name: 'import', component: () => import('./pages/ImportPage.vue') },
    { path: '/artists/:id', name: 'artist', component: () => import('./pages/ArtistPage.vue'), props: true },
    { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
  ],
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
})
