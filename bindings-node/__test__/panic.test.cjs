'use strict'
// A Rust panic never crosses into JavaScript as a crash: it becomes an ordinary Error.
const assert = require('node:assert/strict')
const test = require('node:test')
const native = require('../native.js')
const { validateEnv } = require('..')

test('the test-only panic export is off by default', () => {
  delete process.env.ENV_CONTRACT_TEST_PANIC
  assert.throws(() => native.panicForTest(), /disabled/)
})

test('a provoked panic is a normal Error and the process lives on', () => {
  process.env.ENV_CONTRACT_TEST_PANIC = '1'
  try {
    assert.throws(() => native.panicForTest(), (e) => {
      assert.ok(e instanceof Error)
      assert.match(e.message, /panic provoked on purpose/)
      return true
    })
    // Twice: the addon is still usable after a panic.
    assert.throws(() => native.panicForTest(), Error)
  } finally {
    delete process.env.ENV_CONTRACT_TEST_PANIC
  }
  const report = validateEnv({ contract: { type: 'object', properties: { A: {} } }, env: { A: 'x' } })
  assert.equal(report.ok, true)
})
