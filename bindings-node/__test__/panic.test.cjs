'use strict'
// A Rust panic never crosses into JavaScript as a crash: it becomes core's fixed internal
// error, and its payload (which could hold a value) is shown nowhere, not even on stderr.
const assert = require('node:assert/strict')
const test = require('node:test')
const { spawnSync } = require('node:child_process')
const crypto = require('node:crypto')
const path = require('node:path')
const native = require('../native.js')

// scripts/test-node.sh builds with the cargo feature test-panic; a shipped addon lacks the
// export, and that is what is checked when the suite runs over one (make test-dist).
const TEST_BUILD = process.env.ENV_CONTRACT_TEST_BUILD === '1'

test('a panic is an ordinary Error with a fixed message, and the process lives on', () => {
  assert.equal(typeof native.panicForTest === 'function', TEST_BUILD)
  if (!TEST_BUILD) return
  const secret = 'sk_live_' + crypto.randomBytes(12).toString('hex')
  const script = `
    const native = require(${JSON.stringify(path.join(__dirname, '..', 'native.js'))})
    const { validateEnv } = require(${JSON.stringify(path.join(__dirname, '..'))})
    for (let i = 0; i < 2; i++) {
      try { native.panicForTest(${JSON.stringify(secret)}); process.exit(2) }
      catch (e) { if (!(e instanceof Error)) process.exit(3); console.log('CAUGHT', e.code, e.message) }
    }
    const report = validateEnv({ contract: { type: 'object', properties: { A: {} } }, env: { A: 'x' } })
    console.log('OK', report.ok)
  `
  const out = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60000 })
  assert.equal(out.status, 0, out.stderr)
  assert.match(out.stdout, /CAUGHT ENV_CONTRACT_INTERNAL env-contract: internal error \(ENV_CONTRACT_INTERNAL\)/)
  assert.match(out.stdout, /OK true/)
  assert.match(out.stderr, /ENV_CONTRACT_INTERNAL/)
  for (const stream of [out.stdout, out.stderr]) {
    for (let i = 0; i + 8 <= secret.length; i++) assert.ok(!stream.includes(secret.slice(i, i + 8)))
  }
})
