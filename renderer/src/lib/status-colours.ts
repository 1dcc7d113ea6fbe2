/**
 * How a plan status looks wherever it is shown: its family (done, waiting, trouble, the rest),
 * the Element Plus tag type of that family and the colour the overview's chart draws it in.
 * The label always says the status in words too; the colour only groups.
 */
export type TagType = 'success' | 'warning' | 'danger' | 'info' | 'primary'
export type StatusFamily = 'done' | 'waiting' | 'trouble' | 'other'

/** Each family's tag and its chart colour (Element Plus's success, warning, danger and info). */
export const FAMILIES: Record<StatusFamily, { tag: TagType; colour: string }> = {
  done: { tag: 'success', colour: '#67c23a' },
  waiting: { tag: 'warning', colour: '#e6a23c' },
  trouble: { tag: 'danger', colour: '#f56c6c' },
  other: { tag: 'info', colour: '#909399' },
}

const STATUS_FAMILY: Record<string, StatusFamily> = {
  completed: 'done',
  approved: 'done',
  confirmed: 'done',
  waiting: 'waiting',
  waiting_supplier: 'waiting',
  confirmation_waiting: 'waiting',
  waiting_for_payment: 'waiting',
  manuel_refund_need: 'trouble',
  failed: 'trouble',
  rejected: 'trouble',
  cancelled: 'other',
}

/** A status's family; a status PlanDesk does not know (the server added it) is "other". */
export const statusFamily = (status: string): StatusFamily => STATUS_FAMILY[status] ?? 'other'
export const statusTagType = (status: string): TagType => FAMILIES[statusFamily(status)].tag
export const statusColour = (status: string): string => FAMILIES[statusFamily(status)].colour
