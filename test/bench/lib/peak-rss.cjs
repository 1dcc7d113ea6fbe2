/**
 * Preloaded (`node --require`) into a process the benchmark starts from its built code: at exit
 * it writes the process's peak RSS in kilobytes (getrusage: every thread's memory) to the file
 * PLANDESK_BENCH_PEAK_RSS names, where the benchmark reads it.
 */
const { writeFileSync } = require('node:fs')
const { isMainThread } = require('node:worker_threads')

const file = process.env.PLANDESK_BENCH_PEAK_RSS
// Worker threads inherit the preload: only the process's own end writes.
if (file && isMainThread) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)))
