import type { PlanDeskBridge } from './contract'

declare global {
  interface Window {
    /** Present inside the Electron app; absent in a browser (the web bridge is used instead). */
    plandesk?: PlanDeskBridge
  }
}
export {}
