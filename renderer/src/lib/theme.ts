import { watch } from 'vue'
import type { useUiStore } from '../stores/ui'

/**
 * Light, dark or the system's choice: Element Plus's dark variables apply under the `dark` class
 * on <html> (element-plus/theme-chalk/dark/css-vars.css); PlanDesk's own styles use the same
 * variables, so one class switches everything. `color-scheme` makes scroll bars and native
 * controls follow.
 */
export function installTheme(ui: ReturnType<typeof useUiStore>, root: HTMLElement = document.documentElement): void {
  const media = typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null
  if (media) {
    ui.systemDark = media.matches
    media.addEventListener('change', (e) => (ui.systemDark = e.matches))
  }
  watch(
    () => ui.dark,
    (dark) => {
      root.classList.toggle('dark', dark)
      root.style.colorScheme = dark ? 'dark' : 'light'
    },
    { immediate: true },
  )
}
