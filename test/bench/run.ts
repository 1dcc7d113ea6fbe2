/**
 * `npm run bench`: runs every test/bench/*.bench.ts one after the other (never in parallel: the
 * machine has 2 cores), prints their figures and writes them to test-results/bench.json.
 * Speed and memory targets live here, never in timed tests.
 *   npm run bench                 all benchmarks
 *   npm run bench -- store        only those whose file name contains "store"
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

interface BenchModule {
  run: () => Promise<Record<string, number>>
}

async function main(): Promise<void> {
  const filter = process.argv[2]
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => !filter || f.includes(filter))
    .sort()
  if (files.length === 0) {
    console.error(`No benchmark matches ${filter ?? '*'}`)
    process.exit(2)
  }
  const results: Record<string, Record<string, number>> = {}
  for (const file of files) {
    const name = file.replace(/\.bench\.ts$/, '')
    console.log(`\n== ${name}`)
    const mod = (await import(join(__dirname, file))) as BenchModule
    const started = Date.now()
    results[name] = await mod.run()
    console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`)
    for (const [k, v] of Object.entries(results[name])) console.log(`  ${k.padEnd(44)} ${Number.isInteger(v) ? v : v.toFixed(Math.abs(v) < 1 ? 3 : 2)}`)
  }
  const out = join(__dirname, '../../test-results')
  mkdirSync(out, { recursive: true })
  writeFileSync(
    join(out, 'bench.json'),
    JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2) + '\n',
  )
  console.log(`\nWrote test-results/bench.json`)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
