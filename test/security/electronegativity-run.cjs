#!/usr/bin/env node
/**
 * Runs Electronegativity over ONE folder, offline, and has it write its findings as SARIF (JSON).
 *
 *   node test/security/electronegativity-run.cjs <folder> <out.sarif>
 *
 * Prints one JSON line on stdout: { "parseErrors": [{ file, message, tolerable }] } (files it
 * could not read are findings it could not make, so the spec fails on them).
 *
 * Why this launcher and not the package's `electronegativity` bin: the bin requires `commander`
 * without declaring it as a dependency and uses commander ≤6's API; in this tree npm resolves it
 * to PlanDesk's commander 14 and the bin dies with "version is not a function". The launcher calls
 * the package's documented programmatic entry (`run(options)`), the same function the bin calls,
 * with the same options the bin would pass for `-i <folder> -o <out.sarif> -r -e <electron>`.
 *
 * Offline: on every run Electronegativity downloads translations with `got` (and the one check
 * AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK downloads Electron's release list and writes it into its
 * own package folder). `got` is answered "offline" at once, so it falls back to its bundled English
 * without touching the network, and that check is excluded.
 */
'use strict'
const Module = require('node:module')
const { resolve } = require('node:path')

const [folder, output] = process.argv.slice(2)
if (!folder || !output) {
  console.error('usage: electronegativity-run.cjs <folder> <out.sarif>')
  process.exit(2)
}

const offline = () => Promise.reject(new Error('offline: PlanDesk runs Electronegativity without the network'))
offline.head = offline
offline.get = offline
const load = Module._load
Module._load = function (request, ...rest) {
  return request === 'got' ? offline : load.call(this, request, ...rest)
}

const run = require('@doyensec/electronegativity')
const electronVersion = require('electron/package.json').version

// The translations fallback says so on stdout; keep stdout for the one JSON line.
const log = console.log
console.log = (...args) => console.error(...args)

run({
  input: resolve(folder),
  output: resolve(output),
  isSarif: true,
  isRelative: true,
  excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  electronVersion,
  electronVersionOverride: electronVersion,
  parserPlugins: [],
})
  .then((result) => {
    log(JSON.stringify({ parseErrors: result.errors }))
  })
  .catch((err) => {
    console.error(err && err.stack ? err.stack : String(err))
    process.exitCode = 1
  })
