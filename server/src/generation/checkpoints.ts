/**
 * One queue for the checkpoints of every running generation. Each generation asks at its
 * interval; a generation already waiting is not queued twice; the writes run one at a time, and
 * after each the queue rests for `rest` times as long as the write took. With a few generations
 * nothing changes; with a thousand on the embedded database (whose queries run on this process's
 * event loop) the checkpoints space out instead of leaving no time for readers and new requests.
 */
export function createCheckpointQueue({ rest = 1 }: { rest?: number } = {}) {
  const waiting = new Map<object, () => Promise<void>>()
  let running = false

  async function run() {
    running = true
    try {
      for (const [owner, save] of waiting) {
        waiting.delete(owner)
        const started = performance.now()
        await save().catch(() => {})
        const took = performance.now() - started
        if (rest > 0 && took > 1) await new Promise((resolve) => setTimeout(resolve, took * rest))
      }
    } finally {
      running = false
    }
  }

  return {
    /** Queues `save` for `owner` unless one is already waiting; resolves when it has run. */
    request(owner: object, save: () => Promise<void>) {
      if (waiting.has(owner)) return
      waiting.set(owner, save)
      if (!running) void run()
    },
    /** Forgets a save not yet started (the generation ended). */
    cancel(owner: object) {
      waiting.delete(owner)
    },
    get length() {
      return waiting.size
    },
  }
}
