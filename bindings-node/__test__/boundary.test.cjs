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

test('an env object changed between calls is read again, in place or not', () => {
  // The same object sends its last packed text again while its names and values are the same
  // (api.js, PACKED_ENVS): every change must be seen by the next call.
  const codes = (env) => validateEnv({ contract, env }).problems.map((p) => p.code)
  const env = { A: 'abc', E: 'x' }
  assert.deepEqual(codes(env), [])
  assert.deepEqual(codes(env), [])
  env.A = 'ab' // a value replaced
  assert.deepEqual(codes(env), ['too-short'])
  env.A = 'abcd'
  assert.deepEqual(codes(env), [])
  env.N = 'x' // a name added
  assert.deepEqual(codes(env), ['type'])
  delete env.N
  delete env.A // a name taken away
  assert.deepEqual(codes(env), ['missing'])
  env.A = 'ab' // back, last, and too short
  assert.deepEqual(codes(env), ['too-short'])
  env.A = 'abc'
  env.U = undefined // an unset entry, then a value that is not a string
  assert.deepEqual(codes(env), [])
  env.U = 1
  assert.throws(() => validateEnv({ contract, env }), /options\.env\.U must be a string/)
  delete env.U
  assert.deepEqual(Object.keys(env), ['E', 'A'])
  delete env.A // the last name taken away: what is left matches the start of the last list
  assert.deepEqual(codes(env), ['missing'])
  env.A = 'abc'
  assert.deepEqual({ ...assertEnv({ contract, env, logger: false }) }, { A: 'abc', E: 'x', N: 7 })
})

test('an inherited name is never in the env, on the first call or a later one', () => {
  const env = Object.create({ A: 'inherited' })
  env.E = 'own'
  for (let i = 0; i < 3; i++) {
    assert.deepEqual(
      validateEnv({ contract, env }).problems.map((p) => p.code),
      ['missing'],
    )
  }
  env.A = 'own value'
  assert.equal(validateEnv({ contract, env }).ok, true)
})

test('an unchanged env object goes as its id, and two env objects in turn each get their own report', () => {
  // Core names the packed text it keeps (`envId`); a call from the same, unchanged object sends
  // the id instead of the text, and one whose id went stale (another env was packed since) is
  // answered `stale-env` and sent again as text (api.js, PACKED_ENVS).
  const backend = require('../native.js')
  const check = backend.check
  const sent = []
  backend.check = (request, packed) => {
    sent.push({ envId: JSON.parse(request).envId, packed: packed !== undefined })
    return check(request, packed)
  }
  try {
    const codes = (env) => validateEnv({ contract, env }).problems.map((p) => p.code)
    const good = { A: 'abc' }
    const short = { A: 'ab' }
    assert.deepEqual(codes(good), [])
    assert.deepEqual(codes(good), [])
    assert.deepEqual(sent.slice(-2), [
      { envId: undefined, packed: true },
      { envId: sent.at(-1).envId, packed: false },
    ])
    assert.equal(typeof sent.at(-1).envId, 'number')
    sent.length = 0
    assert.deepEqual(codes(short), ['too-short'])
    assert.deepEqual(codes(good), []) // its id is stale now: sent again as text
    assert.deepEqual(
      sent.map((s) => s.packed),
      [true, false, true],
    )
    for (let i = 0; i < 3; i++) {
      assert.deepEqual(codes(short), ['too-short'])
      assert.deepEqual(codes(good), [])
    }
    good.A = 'a' // changed in place: packed again, never its old id
    sent.length = 0
    assert.deepEqual(codes(good), ['too-short'])
    assert.deepEqual(sent, [{ envId: undefined, packed: true }])
  } finally {
    backend.check = check
  }
})
