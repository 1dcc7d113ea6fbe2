/**
 * Child process for the concurrent-open test (not a test file): waits until the given instant,
 * then opens (creating and migrating) the cache, and prints "ok" or the error's code and message.
 *   node --require tsx/cjs open-child.ts <file> <startAtMs>
 */
import { openStore } from '../../../main/store'

const [file, startAt] = process.argv.slice(2)
while (Date.now() < Number(startAt)) {
  // Spin: a timer's granularity would spread the starts.
}
try {
  openStore({ file, check: false }).store.close()
  process.stdout.write('ok\n')
} catch (e) {
  process.stdout.write(`${(e as { code?: string }).code ?? ''} ${(e as Error).message}\n`)
}
