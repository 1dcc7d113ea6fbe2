import { ElMessage } from 'element-plus'

/** Short confirmations and errors, below the header so they never cover the connection and sync state. */
const base = { grouping: true, offset: 52, showClose: true } as const

export const toast = {
  success: (message: string): void => void ElMessage.success({ ...base, message }),
  error: (message: string): void => void ElMessage.error({ ...base, message, duration: 6000 }),
}
