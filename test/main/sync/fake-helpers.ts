/** Sync against the tiny fake server, for responses the simulator never sends (not a test file). */
import { OmnitronClient } from '../../../main/omnitron'
import { openStore, type PlanStore } from '../../../main/store'
import { SyncEngine, type SyncEngineOptions } from '../../../main/sync'
import type { FakeServer } from '../omnitron/fake-server'

export function fakeEngine(server: FakeServer, opts: Partial<SyncEngineOptions> = {}): { engine: SyncEngine; store: PlanStore } {
  const store = opts.store ?? openStore({ file: ':memory:' }).store
  const client = new OmnitronClient({ baseUrl: server.url, token: 't', timeoutMs: 5000 })
  return { engine: new SyncEngine({ store, client, pageSize: 10, learnChannels: false, ...opts }), store }
}
