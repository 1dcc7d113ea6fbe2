/**
 * Electronegativity (Doyensec's Electron security linter) over main/ and preload/, one folder per
 * run (it keeps only one input), offline and without Electron's binary. Every finding must be
 * listed with its reason in electronegativity-accepted.json; a new one fails with its check, file,
 * line and source. An accepted entry that no longer matches anything fails too, so the list stays
 * the truth (and a scanner that silently found nothing could not pass).
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const LAUNCHER = join(import.meta.dirname, 'electronegativity-run.cjs')
const FOLDERS = ['main', 'preload'] as const

interface Accepted {
  folder: string
  check: string
  file: string | null
  source: string | null
  reason: string
}

interface Finding {
  folder: string
  check: string
  file: string | null
  line: number
  source: string | null
}

interface Sarif {
  runs: {
    results: {
      ruleId: string
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]
    }[]
  }[]
}

const accepted = (
  JSON.parse(readFileSync(join(import.meta.dirname, 'electronegativity-accepted.json'), 'utf8')) as { accepted: Accepted[] }
).accepted

const key = (f: { folder: string; check: string; file: string | null; source: string | null }): string =>
  JSON.stringify([f.folder, f.check, f.file, f.source])

async function scan(folder: string, outDir: string): Promise<Finding[]> {
  const out = join(outDir, `${folder}.sarif`)
  const { stdout } = await promisify(execFile)(process.execPath, [LAUNCHER, join(ROOT, folder), out], {
    cwd: ROOT,
    // Its messages in its bundled English, whatever this machine's locale.
    env: { ...process.env, LANG: 'en-US' },
    timeout: 90_000,
    maxBuffer: 16 * 1024 * 1024,
  })
  const { parseErrors } = JSON.parse(stdout.trim().split('\n').pop()!) as { parseErrors: { file: string; message: string }[] }
  expect(parseErrors, `Electronegativity could not parse files in ${folder}/, so it could not check them`).toEqual([])

  const sarif = JSON.parse(readFileSync(out, 'utf8')) as Sarif
  return sarif.runs[0].results.map((r) => {
    const loc = r.locations[0].physicalLocation
    const uri = loc.artifactLocation.uri
    if (uri === 'file:///') return { folder, check: r.ruleId, file: null, line: 0, source: null }
    const file = `${folder}/${uri}`
    const line = loc.region.startLine
    const source = readFileSync(join(ROOT, file), 'utf8').split('\n')[line - 1]?.trim() ?? ''
    return { folder, check: r.ruleId, file, line, source }
  })
}

describe('Electronegativity', () => {
  it('every accepted finding says why', () => {
    for (const a of accepted) {
      expect(FOLDERS as readonly string[]).toContain(a.folder)
      expect(a.check).toMatch(/^[A-Z_]+_CHECK$/)
      expect(a.reason.length, `reason for ${a.check} in ${a.file ?? a.folder}`).toBeGreaterThan(40)
    }
    expect(new Set(accepted.map(key)).size).toBe(accepted.length)
  })

  it(
    'finds nothing in main/ and preload/ beyond the accepted findings, and each accepted one still exists',
    async () => {
      const outDir = mkdtempSync(join(tmpdir(), 'plandesk-electronegativity-'))
      const findings = (await Promise.all(FOLDERS.map((f) => scan(f, outDir)))).flat()
      const acceptedKeys = new Set(accepted.map(key))
      const found = new Set(findings.map(key))

      const fresh = findings
        .filter((f) => !acceptedKeys.has(key(f)))
        .map((f) => (f.file ? `${f.check} at ${f.file}:${f.line}: ${f.source}` : `${f.check} (global, ${f.folder}/)`))
      const stale = accepted
        .filter((a) => !found.has(key(a)))
        .map((a) => `${a.check} in ${a.file ?? `${a.folder}/ (global)`}${a.source ? `: ${a.source}` : ''}`)

      expect(
        fresh,
        'New Electronegativity findings: fix them, or list them with a reason in test/security/electronegativity-accepted.json',
      ).toEqual([])
      expect(stale, 'Accepted Electronegativity findings that no longer occur: remove them from the accepted list').toEqual([])
    },
    120_000,
  )
})
