import urql from '@urql/vue'
import { createApp } from 'vue'
import App from './App.vue'
import { i18n } from './i18n.ts'
import { router } from './router.ts'
import { createUrqlClient } from './urql.ts'
import './style.css'

createApp(App).use(i18n).use(router).use(urql, createUrqlClient()).mount('#app')
