/** The colour family of a status's tag (Element Plus tag types); the label always says it in words too. */
const TYPES: Record<string, 'success' | 'warning' | 'danger' | 'info' | 'primary'> = {
  completed: 'success',
  approved: 'success',
  confirmed: 'success',
  waiting: 'warning',
  waiting_supplier: 'warning',
  confirmation_waiting: 'warning',
  waiting_for_payment: 'warning',
  manuel_refund_need: 'danger',
  failed: 'danger',
  rejected: 'danger',
  cancelled: 'info',
}

export function statusTagType(status: string): 'success' | 'warning' | 'danger' | 'info' | 'primary' {
  return TYPES[status] ?? 'info'
}
