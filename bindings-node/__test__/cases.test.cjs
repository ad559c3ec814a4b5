'use strict'
// The shared acceptance cases of tests/cases/ (format: tests/README.md) through validateEnv:
// the same {var, code, severity} as the Rust core, the CLI and the Python package.
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const test = require('node:test')
const { expandRandom, tempDir, REPO, PKG } = require('./helpers.cjs')
const { validateEnv, assertEnv, ContractError } = require(PKG)

const CASES = path.join(REPO, 'tests', 'cases')
const KEYS = new Set([
  'description',
  'contract',
  'contract_file',
  'contract_text',
  'env',
  'environment',
  'phase',
  'expect',
  'values',
  'contract_error',
])
const scratch = tempDir()

function contractOption(name, c) {
  if (c.contract !== undefined) return c.contract
  if (c.contract_file !== undefined) return path.join(CASES, c.contract_file)
  if (c.contract_text !== undefined) {
    const file = path.join(scratch, name)
    fs.writeFileSync(file, c.contract_text)
    return file
  }
  throw new Error('no contract')
}

const key = (p) => JSON.stringify([p.var, p.code, p.severity])

const files = fs
  .readdirSync(CASES)
  .filter((f) => f.endsWith('.json'))
  .sort()
assert.ok(files.length >= 10, `expected the shared cases in ${CASES}`)

for (const file of files) {
  const c = JSON.parse(fs.readFileSync(path.join(CASES, file), 'utf8'))
  test(`case ${file}: ${c.description}`, () => {
    for (const k of Object.keys(c)) assert.ok(KEYS.has(k), `unknown key "${k}" in ${file}`)
    const contract = contractOption(file, c)
    if (c.contract_error) {
      assert.throws(
        () => validateEnv({ contract, env: {} }),
        (e) => {
          assert.ok(e instanceof ContractError, `expected ContractError, got ${e && e.stack}`)
          assert.equal(e.code, 'ENV_CONTRACT_BAD_CONTRACT')
          assert.equal(e.kind, c.contract_error.kind, e.message)
          for (const k of ['pointer', 'line', 'column']) {
            if (k in c.contract_error) assert.equal(e.location[k], c.contract_error[k], `${k}: ${e.message}`)
          }
          return true
        },
      )
      return
    }
    const env = {}
    for (const [k, v] of Object.entries(c.env ?? {})) env[k] = expandRandom(v)
    const options = { contract, env }
    if (c.environment !== undefined) options.environment = c.environment
    if (c.phase !== undefined) options.phase = c.phase
    const report = validateEnv(options)
    const actual = report.problems.map(key).sort()
    const expected = (c.expect ?? []).map(key).sort()
    assert.deepEqual(actual, expected, JSON.stringify(report.problems, null, 2))
    assert.equal(report.ok, !report.problems.some((p) => p.severity === 'error'))
    if (c.values) {
      let values
      if (report.ok) {
        values = assertEnv({ ...options, onWarning() {} })
      } else {
        // assertEnv throws here; with ENV_CONTRACT_SKIP it returns the values of the same
        // check instead (its notice going to a logger that keeps it).
        const notices = []
        const logger = { info() {}, warn: (line) => notices.push(line), error() {} }
        process.env.ENV_CONTRACT_SKIP = '1'
        try {
          values = assertEnv({ ...options, logger })
        } finally {
          delete process.env.ENV_CONTRACT_SKIP
        }
        assert.match(notices.join('\n'), /ENV_CONTRACT_SKIP is set/)
      }
      for (const [k, want] of Object.entries(c.values)) assert.deepEqual(values[k], want, `value of ${k}`)
    }
  })
}
