/**
 * "Saved, waiting to sync" notices that follow their changes: while the changes wait the notice
 * says so; when none of them waits any more it goes (they reached the server); when the server
 * refused one, or someone else changed the plan, it gives way to a warning that says so and
 * points to Changes. A notice never outlives its news: it also goes after a while on its own
 * (the header's Changes badge keeps counting what waits).
 */
import { effectScope, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import type { OutboxEntry } from '../../../preload/contract'
import { call } from '../bridge'
import { useOutboxStore } from '../stores/outbox'
import { OPEN_STATES, WAITING_STATES } from '../../../preload/domain'
import { toast } from './toast'

/** How long a "waiting to sync" notice stays at most. */
export const NOTICE_MS = 8000

interface Tracked {
  /** Whether an open change is one of the notice's (by id, or by the bulk decision it belongs to). */
  has: (e: OutboxEntry) => boolean
  handle: { close: () => void }
  /** Says what went wrong, in words, when a change of the notice did not go through. */
  problem: (n: number, planPk: number) => string
}

const tracked = new Set<Tracked>()
let watching = false

/** Looks at the open changes once the queue moved: each notice stays, goes, or turns into a warning. */
async function follow(): Promise<void> {
  if (tracked.size === 0) return
  let page: { total: number; entries: OutboxEntry[] }
  try {
    page = await call('outbox:list', { states: [...OPEN_STATES], limit: 1000 })
  } catch {
    return
  }
  // Only a complete answer can say a change no longer waits.
  if (page.total > page.entries.length) return
  for (const t of [...tracked]) {
    const open = page.entries.filter(t.has)
    const problems = open.filter((e) => !WAITING_STATES.includes(e.state))
    if (problems.length > 0) {
      t.handle.close()
      tracked.delete(t)
      toast.warning(t.problem(problems.length, problems[0].planPk))
    } else if (open.length === 0) {
      t.handle.close()
      tracked.delete(t)
    }
  }
}

export function useChangeNotices() {
  const { t } = useI18n()
  const outbox = useOutboxStore()
  if (!watching) {
    watching = true
    // Not the calling component's: the notices outlive it (a detail closes, its notice stays).
    effectScope(true).run(() =>
      watch(
        () => outbox.summary,
        () => void follow(),
      ),
    )
  }

  function show(has: Tracked['has'], single: boolean, text: string): void {
    const handle = toast.success(text, NOTICE_MS)
    const item: Tracked = {
      has,
      handle: { close: () => handle.close() },
      problem: (n, planPk) => (single ? t('decide.notThrough', { pk: planPk }) : t('bulk.notThrough', { n }, n)),
    }
    tracked.add(item)
    setTimeout(() => tracked.delete(item), NOTICE_MS)
    // The change may have been sent (or refused) before its notice showed.
    void follow()
  }

  return {
    /** One change saved here: its notice follows it. */
    queued: (entry: OutboxEntry, text: string) => show((e) => e.id === entry.id, true, text),
    /** The changes of one bulk decision (their batch), saved at once: one notice follows them all. */
    queuedBatch: (batch: string, text: string) => show((e) => e.batch === batch, false, text),
  }
}
