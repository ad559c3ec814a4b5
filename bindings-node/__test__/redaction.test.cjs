'use strict'
// Generated secrets never show, nor any 8-character run of them, in err.message, err.stack,
// util.inspect(err), JSON.stringify(report) or printed warnings.
const assert = require('node:assert/strict')
const util = require('node:util')
const test = require('node:test')
const { assertEnv, validateEnv, EnvContractError } = require('..')
const { random, leakedRun } = require('./helpers.cjs')

const CONTRACT = {
  type: 'object',
  'x-client-prefixes': ['NEXT_PUBLIC_'],
  properties: {
    NEXTAUTH_SECRET: { type: 'string', minLength: 64, 'x-secret': true },
    API_TOKEN: { type: 'string', pattern: '^tok_[a-z]+$', 'x-secret': true },
    DATABASE_URL: { type: 'string', 'x-secret': true, 'x-url': { schemes: ['postgres'], port: 6432 } },
    PIN: { type: 'integer', 'x-secret': true },
    LEVEL: { enum: ['a', 'b'], 'x-secret': true },
    STRIPE_SECRET_KEY: { 'x-stripe': 'secret', 'x-secret': true },
    NEXT_PUBLIC_SITE: { type: 'string' },
    OLD_SECRET: { type: 'string', 'x-deprecated-by': 'NEXTAUTH_SECRET', 'x-secret': true },
  },
  required: ['NEXTAUTH_SECRET'],
}

function secretEnv() {
  const nextauth = random(40)
  return {
    NEXTAUTH_SECRET: nextauth,
    API_TOKEN: `TOK_${random(30)}`,
    DATABASE_URL: `mysql://app:${random(24)}@db.example:5432/app`,
    PIN: random(20),
    LEVEL: random(20),
    STRIPE_SECRET_KEY: `pk_live_${random(32)}`,
    NEXT_PUBLIC_SITE: `https://x.example/?k=${nextauth}`,
    NEXT_PUBLIC_LEAK: `ghp_${random(36)}`,
    OLD_SECRET: random(30),
  }
}

function secretsOf(env) {
  // Every value is sensitive here, the prefixes of generated keys included.
  return Object.values(env)
}

function assertClean(text, env, where) {
  for (const secret of secretsOf(env)) {
    const run = leakedRun(text, secret)
    assert.equal(run, null, `${where} shows the run "${run}" of a secret`)
  }
}

test('assertEnv: no secret run in the error, its stack, inspect output or the report', (t) => {
  for (let i = 0; i < 20; i++) {
    const env = secretEnv()
    const printed = []
    t.mock.method(console, 'warn', (...args) => printed.push(util.format(...args)))
    let err
    try {
      assertEnv({ contract: CONTRACT, env })
    } catch (e) {
      err = e
    }
    t.mock.restoreAll()
    assert.ok(err instanceof EnvContractError)
    assert.ok(err.problems.length >= 6, err.message)
    assertClean(err.message, env, 'err.message')
    assertClean(err.stack, env, 'err.stack')
    assertClean(util.inspect(err, { depth: Infinity }), env, 'util.inspect(err)')
    assertClean(String(err), env, 'String(err)')
    assertClean(JSON.stringify(err.report), env, 'JSON.stringify(err.report)')
    assertClean(printed.join('\n'), env, 'console.warn')
  }
})

test('validateEnv and warnings: no secret run in the report or in what onWarning receives', () => {
  for (let i = 0; i < 20; i++) {
    const env = secretEnv()
    const report = validateEnv({ contract: CONTRACT, env })
    assertClean(JSON.stringify(report), env, 'JSON.stringify(report)')
    assertClean(util.inspect(report, { depth: Infinity }), env, 'util.inspect(report)')
    const warnings = []
    const ok = { NEXTAUTH_SECRET: random(70), OLD_SECRET: env.OLD_SECRET }
    env.OK_SECRET = ok.NEXTAUTH_SECRET
    assertEnv({ contract: CONTRACT, env: ok, onWarning: (w) => warnings.push(w) })
    assert.ok(warnings.length >= 1)
    assertClean(JSON.stringify(warnings), env, 'onWarning')
  }
})
