import { beforeEach, describe, expect, it } from 'vitest'
import { app, protocol } from '../../mocks/electron'
import { startElectronApp } from '../../../main/electron/app'

describe('startElectronApp', () => {
  beforeEach(() => {
    app.quit.mockClear()
    app.enableSandbox.mockClear()
    app.removeAllListeners()
    protocol.registerSchemesAsPrivileged.mockClear()
  })

  it('quits when another instance already runs', () => {
    app.gotLock = false
    startElectronApp('/app/out/main')
    expect(app.quit).toHaveBeenCalled()
    expect(app.enableSandbox).not.toHaveBeenCalled()
    app.gotLock = true
  })

  it('enables the sandbox for every renderer and registers the app scheme as secure', () => {
    startElectronApp('/app/out/main')
    expect(app.enableSandbox).toHaveBeenCalled()
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'plandesk', privileges: expect.objectContaining({ secure: true, standard: true }) }),
    ])
    expect(app.listenerCount('web-contents-created')).toBe(1)
    expect(app.listenerCount('second-instance')).toBe(1)
  })
})
