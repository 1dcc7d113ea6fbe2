/**
 * A task that runs at once when asked, and once more right after when asked again while it
 * runs (with whatever has changed by then): the asks in between are folded into that one run,
 * never queued. Every caller's promise resolves when a run that started after its ask is over.
 */
export function coalesced(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null
  let again = false
  return () => {
    if (running) {
      again = true
      return running
    }
    running = (async () => {
      try {
        do {
          again = false
          await task()
        } while (again)
      } finally {
        running = null
      }
    })()
    return running
  }
}
