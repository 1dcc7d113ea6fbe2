/**
 * The in-process admin: changes "as another user would" for conflict tests, plus the audit log.
 * It goes through the same SimState operations as the API, so its edits bump modified_date and
 * land in the audit log exactly like real ones. Its callers are tests, so it is off-spec (see
 * plan-patch.ts): a field the simulator reads must be valid (else an InputError naming it), any
 * other value is served as given.
 */
import { checkPlanPatch } from './plan-patch'
import type { SimState } from './state'
import type { AuditAction, AuditEntry, SimulatorAdmin } from './types'

export function createAdmin(state: SimState): SimulatorAdmin {
  return {
    getPlan(pk: number): Record<string, unknown> | null {
      const json = state.planJson(pk)
      return json === null ? null : (JSON.parse(json) as Record<string, unknown>)
    },
    updatePlan(pk, patch, user) {
      const checked = checkPlanPatch(patch, { offSpec: true, nowUs: state.clock.nowUs() }, 'the pk names the plan to edit')
      if (!state.adminUpdate(pk, checked, user)) throw new Error(`No cancellation plan ${pk}`)
    },
    addPlan(overrides) {
      return state.adminAdd(checkPlanPatch(overrides ?? {}, { offSpec: true, nowUs: state.clock.nowUs() }, 'the simulator gives a new plan the next pk'))
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
