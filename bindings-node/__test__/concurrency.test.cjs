'use strict'
// Checks from many worker threads at once give the same, correct results as the main thread:
// the addon is shared by all threads of the process, its contract cache too.
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const test = require('node:test')
const { Worker } = require('node:worker_threads')
const { REPO } = require('./helpers.cjs')

const CASES = path.join(REPO, 'tests', 'cases')

// Cases with an inline contract and no generated values: their verdicts are deterministic.
const cases = fs
  .readdirSync(CASES)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => ({ file: f, ...JSON.parse(fs.readFileSync(path.join(CASES, f), 'utf8')) }))
  .filter((c) => c.contract && !c.contract_error && !JSON.stringify(c.env).includes('${random:'))

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const { validateEnv } = require(workerData.pkg)
const out = []
for (let round = 0; round < workerData.rounds; round++) {
  for (const c of workerData.cases) {
    const r = validateEnv({ contract: c.contract, env: c.env, environment: c.environment, phase: c.phase })
    out.push({ file: c.file, ok: r.ok, problems: r.problems.map((p) => [p.var, p.code, p.severity]) })
  }
}
parentPort.postMessage(out)
`

test('8 worker threads checking at once agree with the expectations', async () => {
  assert.ok(cases.length >= 20, `expected deterministic shared cases, found ${cases.length}`)
  const pkg = path.join(__dirname, '..')
  const runs = Array.from(
    { length: 8 },
    () =>
      new Promise((resolve, reject) => {
        const w = new Worker(WORKER, { eval: true, workerData: { pkg, cases, rounds: 5 } })
        w.once('message', resolve)
        w.once('error', reject)
      }),
  )
  const results = await Promise.all(runs)
  const expected = new Map(
    cases.map((c) => [
      c.file,
      c.expect.map((e) => JSON.stringify([e.var ?? null, e.code, e.severity ?? 'error'])).sort(),
    ]),
  )
  let seen = 0
  for (const out of results) {
    assert.equal(out.length, cases.length * 5)
    for (const r of out) {
      const got = r.problems.map((p) => JSON.stringify(p)).sort()
      assert.deepEqual(got, expected.get(r.file), r.file)
      seen++
    }
  }
  assert.equal(seen, 8 * 5 * cases.length)
})
