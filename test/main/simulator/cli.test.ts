/** `plandesk sim`: options, the banner, serving until stopped, a file database kept across runs. */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { runSimCommand } from '../../../main/simulator/cli'
import { call, post } from './helpers'

const dir = mkdtempSync(join(tmpdir(), 'plandesk-sim-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface Run {
  lines: string[]
  errors: string[]
  info: { url: string; username: string; password: string; token: string; adminSecret: string }
  stop: () => Promise<number>
}

async function start(argv: string[]): Promise<Run> {
  const lines: string[] = []
  const errors: string[] = []
  const controller = new AbortController()
  let info!: Run['info']
  let ready!: () => void
  const isReady = new Promise<void>((r) => (ready = r))
  const done = runSimCommand(argv, {
    out: (l) => lines.push(l),
    err: (l) => errors.push(l),
    signal: controller.signal,
    onReady: (i) => { info = i; ready() },
  })
  await Promise.race([isReady, done.then((code) => { throw new Error(`exited early with ${code}: ${errors.join('\n')}`) })])
  return { lines, errors, info, stop: () => { controller.abort(); return done } }
}

describe('plandesk sim', () => {
  it('prints the base URL and the demo username, password and token, serves, and stops cleanly', async () => {
    const run = await start(['--port', '0', '--plans', '50', '--seed', '42'])
    const text = run.lines.join('\n')
    expect(text).toContain(`listening on ${run.info.url}`)
    expect(run.info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(text).toContain(`username: ${run.info.username}`)
    expect(text).toContain(`password: ${run.info.password}`)
    expect(text).toContain(`token:    ${run.info.token}`)
    const res = await call(`${run.info.url}/api/v1/cancellation_plans/`, { token: run.info.token })
    expect(res.status).toBe(200)
    expect(res.json.count).toBe(50)
    expect(await run.stop()).toBe(0)
    expect(run.lines.at(-1)).toBe('Simulator stopped.')
    const after = await fetch(`${run.info.url}/api/v1/cancellation_plans/`).then(() => 'answered', () => 'refused')
    expect(after).toBe('refused')
  })

  it('applies --latency-ms and --fail-rate', async () => {
    const run = await start(['--port', '0', '--plans', '10', '--latency-ms', '120', '--fail-rate', '1'])
    const t0 = performance.now()
    const res = await call(`${run.info.url}/api/v1/cancellation_plans/`, { token: run.info.token })
    expect(performance.now() - t0).toBeGreaterThanOrEqual(115)
    expect(res.status).toBeGreaterThanOrEqual(500)
    expect(await run.stop()).toBe(0)
  })

  it.each([
    [['--plans', 'many'], /--plans must be an integer between 0 and 1000000/],
    [['--port', '70000'], /--port must be an integer between 0 and 65535/],
    [['--bogus'], /unknown option '--bogus'/],
    // Fault settings: the admin interface's rule and words (faults.ts).
    [['--fail-rate', '2'], /'--fail-rate <p>' argument '2' is invalid\. Must be a probability from 0 to 1; got 2\./],
    [['--fail-rate', 'NaN'], /Must be a probability from 0 to 1; got "NaN"\./],
    [['--reset-rate', '-0.1'], /'--reset-rate <p>' .*Must be a probability from 0 to 1; got -0\.1\./],
    [['--latency-ms', '1e308'], /'--latency-ms <ms>' argument '1e308' is invalid\. Must be a number of milliseconds from 0 to 600000; got 1e\+308\./],
    [['--jitter-ms', '-5'], /'--jitter-ms <ms>' .*from 0 to 600000; got -5\./],
    [['--latency-ms', '1e400'], /got Infinity\./],
    [['--latency-ms', ''], /got ""\./],
  ])('refuses bad options %j with one clear line and exit code 2', async (argv, message) => {
    const errors: string[] = []
    const lines: string[] = []
    const code = await runSimCommand(argv, { out: (l) => lines.push(l), err: (l) => errors.push(l) })
    expect(code).toBe(2)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^error: /)
    expect(errors[0]).toMatch(message)
    expect(lines).toEqual([])
  })

  it('exits 0 for --help', async () => {
    const lines: string[] = []
    expect(await runSimCommand(['--help'], { out: (l) => lines.push(l), err: () => undefined })).toBe(0)
    expect(lines.join('\n')).toContain('--lost-response-rate <p>')
  })

  it('takes every fault rate as an option and says which are on', async () => {
    const run = await start(['--port', '0', '--plans', '5', '--reset-rate', '1', '--truncate-rate', '0.25', '--jitter-ms', '0.5'])
    expect(run.lines.find((l) => l.includes('faults:'))).toBe('  faults:   --jitter-ms 0.5, --reset-rate 1, --truncate-rate 0.25')
    const sent = await fetch(`${run.info.url}/api/v1/cancellation_plans/`, { headers: { Authorization: `Token ${run.info.token}` } }).then(() => 'answered', () => 'reset')
    expect(sent).toBe('reset')
    const faults = await call(`${run.info.url}/__admin/faults/`, { headers: { 'X-Simulator-Secret': run.info.adminSecret } })
    expect(faults.json).toMatchObject({ resetRate: 1, truncateRate: 0.25, latencyJitterMs: 0.5, failRate: 0 })
    expect(await run.stop()).toBe(0)
  })

  it('keeps its data in a --db file across runs with the same seed and plan count', async () => {
    const file = join(dir, 'sim.sqlite')
    const first = await start(['--port', '0', '--plans', '60', '--db', file])
    const plan = (await call(`${first.info.url}/api/v1/cancellation_plans/?status=waiting&limit=1`, { token: first.info.token })).json.results[0]
    expect((await post(`${first.info.url}/api/v1/cancellation_plans/${plan.pk}/update_status/`, first.info.token, { status: 'approved' })).status).toBe(200)
    expect(await first.stop()).toBe(0)

    const second = await start(['--port', '0', '--plans', '60', '--db', file])
    // The token of the first run still signs in, like a real server's: the same key, accepted.
    expect(second.info.token).toBe(first.info.token)
    const again = await call(`${second.info.url}/api/v1/cancellation_plans/${plan.pk}/`, { token: first.info.token })
    expect(again.status).toBe(200)
    expect(again.json.status).toBe('approved')
    // A new pk continues after the existing ones.
    const add = await call(`${second.info.url}/__admin/plans/`, {
      method: 'POST', body: '{}', headers: { 'X-Simulator-Secret': second.info.adminSecret, 'Content-Type': 'application/json' },
    })
    expect(add.json.pk).toBe(61)
    expect(await second.stop()).toBe(0)

    // A different plan count regenerates the data.
    const third = await start(['--port', '0', '--plans', '40', '--db', file])
    const res = await call(`${third.info.url}/api/v1/cancellation_plans/`, { token: third.info.token })
    expect(res.json.count).toBe(40)
    // New data, new users: the old token is gone with them.
    expect(third.info.token).not.toBe(first.info.token)
    expect((await call(`${third.info.url}/api/v1/cancellation_plans/`, { token: first.info.token })).status).toBe(401)
    expect(await third.stop()).toBe(0)
  })
})
