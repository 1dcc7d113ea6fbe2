import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { AppInfo, AuthStatus, LoginArgs, LogoutArgs, Settings, SettingsPatch, StorageState } from '../../../preload/contract'
import { bridge, call } from '../bridge'

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null)
  const settings = ref<Settings | null>(null)
  const auth = ref<AuthStatus | null>(null)
  const loadError = ref<string | null>(null)
  const dismissedNotices = ref<string[]>([])
  /** Writable, or read-only while the disk is full (main says when, and when space is back). */
  const storage = ref<StorageState | null>(null)
  /** True while the disk is full: nothing is synced or sent until space is back. */
  const diskFull = computed(() => storage.value?.writable === false)
  /** True while not even a decision fits on the disk: decisions are refused until space is back. */
  const readOnly = computed(() => storage.value?.writable === false && storage.value.decisions === false)
  let unsubscribe: (() => void) | null = null
  let unsubscribeNotices: (() => void) | null = null
  /** The sign-in dialog (opened from the header, the connection hint and the Changes view). */
  const loginOpen = ref(false)

  async function load(): Promise<void> {
    try {
      unsubscribe ??= bridge.on('storage:changed', (s) => (storage.value = s))
      // A check after start-up (the cache's) can add a notice while the window is open.
      unsubscribeNotices ??= bridge.on('app:notices', (notices) => {
        if (info.value) info.value = { ...info.value, notices }
      })
      ;[info.value, settings.value, auth.value, storage.value] = await Promise.all([
        call('app:info'),
        call('settings:get'),
        call('auth:status'),
        call('app:storage'),
      ])
      loadError.value = null
    } catch (err) {
      loadError.value = (err as Error).message
    }
  }

  async function updateSettings(patch: SettingsPatch): Promise<Settings> {
    settings.value = await call('settings:update', patch)
    info.value = await call('app:info')
    return settings.value
  }

  async function login(args: LoginArgs): Promise<void> {
    auth.value = await call('auth:login', args)
    info.value = await call('app:info')
  }

  /** Fails with code 'validation' (fields.pending) while the person's own changes wait and `pending` is not given. */
  async function logout(args?: LogoutArgs): Promise<void> {
    auth.value = await call('auth:logout', args)
  }

  async function refreshStorage(): Promise<void> {
    storage.value = await call('app:storage')
  }

  function dismissNotice(notice: string): void {
    dismissedNotices.value.push(notice)
  }

  return { info, settings, auth, loadError, dismissedNotices, storage, diskFull, readOnly, loginOpen, load, updateSettings, login, logout, dismissNotice, refreshStorage }
})
