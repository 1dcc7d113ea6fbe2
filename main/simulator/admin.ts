/**
 * The in-process admin: changes "as another user would" for conflict tests, plus the audit log.
 * It goes through the same SimState operations as the API, so its edits bump modified_date and
 * land in the audit log exactly like real ones.
 */
import type { SimState } from './state'
import type { AuditAction, AuditEntry, SimulatorAdmin } from './types'

export function createAdmin(state: SimState): SimulatorAdmin {
  return {
    getPlan(pk: number): Record<string, unknown> | null {
      const json = state.planJson(pk)
      return json === null ? null : (JSON.parse(json) as Record<string, unknown>)
    },
    updatePlan(pk, patch, user) {
      if (!state.adminUpdate(pk, patch, user)) throw new Error(`No cancellation plan ${pk}`)
    },
    addPlan(overrides) {
      return state.adminAdd(overrides ?? {})
    },
    deletePlan(pk) {
      if (!state.adminDelete(pk)) throw new Error(`No cancellation plan ${pk}`)
    },
    audit(filter?: { pk?: number; action?: AuditAction }): AuditEntry[] {
      return state.table.auditEntries(filter)
    },
    planCount() {
      return state.table.count()
    },
  }
}
