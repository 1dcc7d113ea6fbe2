/**
 * `electron` is mocked once for every vitest spec (electron/fiddle style): nothing below
 * main/index.ts imports it, and the Electron glue specs inspect the calls made on these mocks.
 */
import { vi } from 'vitest'

vi.mock('electron', () => import('../mocks/electron'))
