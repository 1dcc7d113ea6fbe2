/** Push events for a bridge double: `on` as the bridge offers it, `emit` for the spec (not a test file itself). */
export function bridgeEvents() {
  const listeners = new Map<string, (p: unknown) => void>()
  return {
    listeners,
    emit: (event: string, payload: unknown) => listeners.get(event)?.(payload),
    on: (event: string, l: (p: unknown) => void) => {
      listeners.set(event, l)
      return () => listeners.delete(event)
    },
  }
}
