/**
 * Quitting while changes wait: the person is told they stay saved and are sent the next time
 * PlanDesk runs, and may stay. (The web host's renderer does the same with beforeunload.)
 */
import type { BrowserWindow, Dialog } from 'electron'
import type { Language } from '../../preload/contract'

const TEXT: Record<Language, { title: string; message: (n: number) => string; detail: string; quit: string; stay: string }> = {
  en: {
    title: 'Changes are waiting',
    message: (n) => (n === 1 ? '1 change has not reached the server yet.' : `${n} changes have not reached the server yet.`),
    detail: 'They stay saved on this computer and are sent the next time PlanDesk runs with a connection.',
    quit: 'Quit anyway',
    stay: 'Stay',
  },
  tr: {
    title: 'Bekleyen değişiklikler var',
    message: (n) => `${n} değişiklik henüz sunucuya ulaşmadı.`,
    detail: 'Bu bilgisayarda kayıtlı kalırlar ve PlanDesk bağlantıyla bir sonraki açılışında gönderilirler.',
    quit: 'Yine de çık',
    stay: 'Kal',
  },
}

/** True when PlanDesk may quit now: nothing waits, or the person chose to quit anyway. */
export function confirmQuit(dialog: Pick<Dialog, 'showMessageBoxSync'>, win: BrowserWindow | null, waiting: number, language: Language): boolean {
  if (waiting <= 0) return true
  const t = TEXT[language]
  const options = {
    type: 'warning' as const,
    title: t.title,
    message: t.message(waiting),
    detail: t.detail,
    buttons: [t.quit, t.stay],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  }
  const choice = win ? dialog.showMessageBoxSync(win, options) : dialog.showMessageBoxSync(options)
  return choice === 0
}
