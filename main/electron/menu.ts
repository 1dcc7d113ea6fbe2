import type { MenuItemConstructorOptions } from 'electron'

/** The application menu; Reload and the developer tools exist only in development. */
export function menuTemplate(opts: { dev: boolean; platform: NodeJS.Platform; openHelp: () => void }): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ]
  if (opts.dev) view.unshift({ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' })
  const template: MenuItemConstructorOptions[] = [
    { label: 'File', submenu: [opts.platform === 'darwin' ? { role: 'close' } : { role: 'quit' }] },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'PlanDesk documentation', click: opts.openHelp }] },
  ]
  if (opts.platform === 'darwin') template.unshift({ role: 'appMenu' })
  return template
}
