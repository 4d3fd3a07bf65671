import urql from '@urql/vue'
import { createApp } from 'vue'
import App from './App.vue'
import { router } from './router.ts'
import { createUrqlClient } from './urql.ts'
import './style.css'

createApp(App).use(router).use(urql, createUrqlClient()).mount('#app')
