#!/usr/bin/env node
// The `plandesk` command: runs main/cli.ts through tsx (a dev dependency) from a checkout.
const { spawnSync } = require('node:child_process')
const { join } = require('node:path')

const root = join(__dirname, '..')
const tsx = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs')
const res = spawnSync(process.execPath, [tsx, join(root, 'main', 'cli.ts'), ...process.argv.slice(2)], { stdio: 'inherit' })
process.exit(res.status ?? 1)
