/** Electron entry point; everything else lives in main/electron (glue) and main/app (services). */
import { startElectronApp } from './electron/app'

startElectronApp()
