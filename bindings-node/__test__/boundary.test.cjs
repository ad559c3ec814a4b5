'use strict'
// How an `env` object crosses into the addon: packed as one string (name\0value\0…), or as
// JSON when a name or value holds a NUL. Both must give the same report.
const test = require('node:test')
const assert = require('node:assert/strict')
const { validateEnv, assertEnv } = require('..')

const contract = {
  type: 'object',
  properties: { A: { type: 'string', minLength: 3 }, N: { type: 'integer', default: 7 }, E: { type: 'string' } },
  required: ['A'],
}

test('an env object: values, empty strings, unset (undefined) entries, non-ASCII', () => {
  const env = { A: 'héllo wörld ✓', E: '', U: undefined, 'WITH=EQUALS': 'a=b' }
  assert.equal(validateEnv({ contract, env }).ok, true)
  assert.deepEqual({ ...assertEnv({ contract, env }) }, { A: 'héllo wörld ✓', N: 7 })
  assert.equal(validateEnv({ contract, env: { A: 'ab' } }).problems[0].code, 'too-short')
})

test('a NUL in a name or a value goes through JSON and is checked all the same', () => {
  assert.equal(validateEnv({ contract, env: { A: 'a\0b' } }).ok, true)
  assert.equal(validateEnv({ contract, env: { A: 'a\0' } }).problems[0].code, 'too-short')
  assert.equal(validateEnv({ contract, env: { A: 'abc', 'B\0C': 'x' } }).ok, true)
  assert.throws(() => validateEnv({ contract, env: { A: 'a\0b', B: 1 } }), /options\.env\.B must be a string/)
})

test('the same report from a packed env and from the process environment', () => {
  const name = `EC_BOUNDARY_${process.pid}`
  const c = { type: 'object', properties: { [name]: { type: 'integer', minimum: 10 } }, required: [name] }
  process.env[name] = '5'
  try {
    const fromProcess = validateEnv({ contract: c })
    const fromObject = validateEnv({ contract: c, env: { [name]: '5' } })
    assert.deepEqual(fromObject.problems, fromProcess.problems)
    assert.equal(fromObject.problems[0].code, 'range')
  } finally {
    delete process.env[name]
  }
})
