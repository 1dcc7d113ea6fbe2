/**
 * Child process for the crash test (not a test file): syncs into a cache file and reports each
 * committed page on stdout, until the parent kills it with SIGKILL.
 *   node --require tsx/cjs kill-child.ts <baseUrl> <token> <dbFile> [pageSize=25] [lastPage=4]
 */
import { OmnitronClient } from '../../../main/omnitron'
import { openStore } from '../../../main/store'
import { SyncEngine } from '../../../main/sync'

const [baseUrl, token, file, size, last] = process.argv.slice(2)
const pageSize = Number(size ?? 25)
const lastPage = Number(last ?? 4)
const { store } = openStore({ file })
const client = new OmnitronClient({ baseUrl, token })
// Pages after the last one never come, so the parent's SIGKILL lands mid-walk however fast or busy the machine.
const listPage = client.listPage.bind(client)
client.listPage = async (filters, page, limit, opts) => {
  if (page > lastPage) await new Promise(() => undefined)
  return listPage(filters, page, limit, opts)
}
const engine = new SyncEngine({ store, client, pageSize, learnChannels: false })
engine
  .run({}, (p) => {
    if (p.phase === 'pages') process.stdout.write(`page ${p.pagesDone}\n`)
  })
  .then(() => process.stdout.write('done\n'))
