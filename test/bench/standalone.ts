/** Runs a benchmark module on its own (`npx tsx test/bench/X.bench.ts`): prints its lines, then its figures as JSON. */
export function runStandalone(run: (log: (line: string) => void) => Promise<Record<string, number>>): void {
  run((line) => console.log(line))
    .then((results) => console.log(JSON.stringify(results, null, 2)))
    .catch((err) => {
      console.error(err)
      process.exitCode = 1
    })
}
