import { ElMessage, type MessageHandler } from 'element-plus'
import type { VNode } from 'vue'

/**
 * PlanDesk's one notification area: the bottom right corner. The header (connection, sync,
 * changes) and the top of an open plan (its status and tags) stay in sight whatever is said.
 */
const base = { grouping: true, showClose: true, placement: 'bottom-right' } as const

type Content = string | (() => VNode)

export const toast = {
  success: (message: Content, duration = 3000): MessageHandler => ElMessage.success({ ...base, message, duration }),
  info: (message: Content, duration = 3000): MessageHandler => ElMessage.info({ ...base, message, duration }),
  warning: (message: Content, duration = 8000): MessageHandler => ElMessage.warning({ ...base, message, duration }),
  error: (message: Content, duration = 6000): MessageHandler => ElMessage.error({ ...base, message, duration }),
}
