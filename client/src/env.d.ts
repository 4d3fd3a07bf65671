/// <reference types="vite/client" />
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}

declare module 'commonmark-spec' {
  /** The spec's examples, as its own extractor reads them from spec.txt. */
  export const tests: { markdown: string; html: string; section: string; number: number }[]
}
