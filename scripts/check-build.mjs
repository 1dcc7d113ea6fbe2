// Checks the built app for mistakes a type-checker cannot see: a sandboxed preload may require
// nothing but `electron` (npm packages must be bundled into it), and every entry must exist.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { root } from './native.mjs'

const problems = []
for (const file of ['out/main/index.js', 'out/main/webhost.js', 'out/preload/index.js', 'out/renderer/index.html']) {
  if (!existsSync(join(root, file))) problems.push(`${file} is missing`)
}
const preload = join(root, 'out/preload/index.js')
if (existsSync(preload)) {
  const required = [...readFileSync(preload, 'utf8').matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1])
  const foreign = required.filter((r) => r !== 'electron')
  if (foreign.length) problems.push(`the sandboxed preload requires ${foreign.join(', ')}; bundle them instead`)
}
if (problems.length) {
  console.error(`Build check failed:\n- ${problems.join('\n- ')}`)
  process.exit(1)
}
console.log('Build check passed: all entries exist and the preload needs only electron.')
