/**
 * The renderer's routes. Hash history: the renderer is served as plandesk://app/index.html in
 * Electron and from the web host's root, and a hash route works under both without the server
 * knowing the routes.
 *
 *   /plans          the list
 *   /plans/:pk      the list with that plan's detail open (a deep link)
 *   /changes        the queue of decisions
 *   /settings       the list with the settings dialog open
 *   /overview       counts by status, type and day, and the changes waiting
 */
import { createRouter, createWebHashHistory, type Router, type RouterHistory } from 'vue-router'
import PlansView from './views/PlansView.vue'

export function createAppRouter(history: RouterHistory = createWebHashHistory()): Router {
  return createRouter({
    history,
    routes: [
      { path: '/', redirect: '/plans' },
      { path: '/plans', name: 'plans', component: PlansView },
      { path: '/plans/:pk(\\d+)', name: 'plan', component: PlansView },
      // Loaded when first shown: the window opens on the list without the other screens' code.
      { path: '/changes', name: 'changes', component: () => import('./views/ChangesView.vue') },
      { path: '/settings', name: 'settings', component: PlansView },
      // Loaded when first opened: its charts (echarts) are most of its weight, and the list should not wait for them.
      { path: '/overview', name: 'overview', component: () => import('./views/OverviewView.vue') },
      { path: '/:rest(.*)*', redirect: '/plans' },
    ],
  })
}

/** Routes worth coming back to after a restart (the settings dialog is not). */
export function isRestorable(path: string): boolean {
  return /^\/(plans(\/\d+)?|changes|overview)$/.test(path)
}
