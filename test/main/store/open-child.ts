/**
 * Child process for the concurrent-open test (not a test file): says "ready" once loaded, waits
 * for a line on its standard input (the parent writes it to every child at once), then opens
 * (creating and migrating) the cache, and prints "ok" or the error's code and message.
 *   node --require tsx/cjs open-child.ts <file>
 */
import { openStore } from '../../../main/store'

const [file] = process.argv.slice(2)
process.stdin.once('data', () => {
  try {
    openStore({ file, check: false }).store.close()
    process.stdout.write('ok\n')
  } catch (e) {
    process.stdout.write(`${(e as { code?: string }).code ?? ''} ${(e as Error).message}\n`)
  }
  process.exit(0)
})
process.stdout.write('ready\n')
