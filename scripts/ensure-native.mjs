// Makes sure better-sqlite3 loads under this Node (tests, CLI, web host). If it does not (for
// example someone rebuilt it for Electron in place), it is rebuilt for Node from source,
// with the old build restored if that fails.
import { rebuildForNode, sqliteLoads } from './native.mjs'

const first = sqliteLoads()
if (!first.ok) {
  console.log(`better-sqlite3 does not load under Node ${process.version} (${first.detail}); rebuilding it for Node…`)
  if (!rebuildForNode()) {
    console.error('better-sqlite3 could not be rebuilt for Node. Run `npm rebuild better-sqlite3` and read its output.')
    process.exit(1)
  }
  console.log('better-sqlite3 rebuilt for Node.')
}
