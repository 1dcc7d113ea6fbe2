#!/usr/bin/env node
// The `plandesk` command: the built CLI (out/main/cli.js, made by `npm run build` or
// `npm run build:only`), so a call starts in a fraction of a second. From a checkout that was
// never built it says how to build, or runs the sources through tsx when PLANDESK_CLI_DEV=1.
const { existsSync } = require('node:fs')
const { join } = require('node:path')

const root = join(__dirname, '..')
const built = join(root, 'out', 'main', 'cli.js')
if (existsSync(built) && process.env.PLANDESK_CLI_DEV !== '1') {
  require(built)
} else if (process.env.PLANDESK_CLI_DEV === '1') {
  const { spawnSync } = require('node:child_process')
  const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs')
  const res = spawnSync(process.execPath, [tsx, join(root, 'main', 'cli.ts'), ...process.argv.slice(2)], { stdio: 'inherit' })
  process.exit(res.status ?? 1)
} else {
  process.stderr.write('plandesk: the command is not built yet: run "npm run build:only" in ' + root + ' (or "npm run cli -- …" to run it from the sources).\n')
  process.exit(1)
}
