import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core'

const executablePath = '/usr/bin/chromium'

/**
 * Debian's Chromium, headless, with the flags that keep it from calling home: this machine has
 * no route out and a browser that tries floods it with refused connections.
 */
export async function launchBrowser(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  if (!existsSync(executablePath)) {
    throw new Error(`${executablePath} is missing: run \`npm run setup\` as root, or apt-get install chromium`)
  }
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  return {
    browser,
    // Playwright gives each launch a fresh, temporary profile and removes it on close.
    close: () => browser.close(),
  }
}

/**
 * Cuts the page off from everything but the server under test (or the few origins given) and
 * records what it tried to reach elsewhere: the app and GraphiQL must work offline.
 */
export async function offlineContext(browser: Browser, origin: string | readonly string[], options: BrowserContextOptions = {}): Promise<{ context: BrowserContext; blocked: string[] }> {
  const context = await browser.newContext({ locale: 'en-GB', ...options })
  const origins = typeof origin === 'string' ? [origin] : origin
  const blocked: string[] = []
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (origins.some((allowed) => url.startsWith(allowed)) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue()
    blocked.push(url)
    return route.abort()
  })
  return { context, blocked }
}
