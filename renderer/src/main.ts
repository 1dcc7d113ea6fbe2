import { createApp } from 'vue'
import { createPinia } from 'pinia'
// Element Plus's components are imported where templates use them (electron.vite.config.ts);
// here only its base styles, the dark theme's variables and the styles of the services called
// from code (messages and message boxes) rather than from templates.
import 'element-plus/theme-chalk/base.css'
import 'element-plus/theme-chalk/dark/css-vars.css'
import 'element-plus/theme-chalk/el-message.css'
import 'element-plus/theme-chalk/el-message-box.css'
import './styles/contrast.css'
import './styles/motion.css'
// Element Plus's calendars take the week's first day from dayjs's locale: Monday in Turkish.
import 'dayjs/locale/tr'
import App from './App.vue'
import { i18n } from './i18n'
import { installTheme } from './lib/theme'
import { createAppRouter, isRestorable } from './router'
import { usePlanListStore } from './stores/plan-list'
import { useUiStore } from './stores/ui'

async function start(): Promise<void> {
  const pinia = createPinia()
  const app = createApp(App).use(pinia).use(i18n)
  // The workspace first (theme, last route, search), so the first paint is the right one.
  const ui = useUiStore(pinia)
  await ui.load()
  installTheme(ui)
  const list = usePlanListStore(pinia)
  list.applySearch(ui.search, false)
  // The list's first search goes out now and is answered while the window is built (App waits for it).
  void list.init()
  const router = createAppRouter()
  // An address with a route (a deep link, a reload) wins; a plain start returns to the last route.
  const hash = window.location.hash.replace(/^#/, '')
  if ((hash === '' || hash === '/') && isRestorable(ui.lastRoute)) await router.replace(ui.lastRoute)
  router.afterEach((to) => {
    if (isRestorable(to.path)) ui.saveRoute(to.path)
  })
  app.use(router)
  await router.isReady()
  app.mount('#app')
}

void start()
