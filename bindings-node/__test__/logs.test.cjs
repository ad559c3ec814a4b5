'use strict'
// The startup log lines of assertEnv (core/src/log.rs): the head line, one line per problem,
// the logger option, the JSON form (ENV_CONTRACT_LOG_FORMAT or logFormat), and the documented
// alert rule (docs/node.md) firing on a missing secret. Never a value: generated secrets.
const assert = require('node:assert/strict')
const test = require('node:test')
const { assertEnv, validateEnv, EnvContractError } = require('..')
const { random, leakedRun } = require('./helpers.cjs')

// The alert rule of docs/node.md, docs/python.md and docs/cli.md (env_contract::log::ALERT_PATTERN;
// cli/tests/commands.rs checks the docs give it).
const ALERT = /\[FAIL\] (\S+) missing\b/

/** A logger that records `[method, line]`. */
function recorder() {
  const lines = []
  const logger = {}
  for (const m of ['info', 'warn', 'error']) logger[m] = (line) => lines.push([m, line])
  return { logger, lines }
}

/** A contract new to this process (lines are logged once per process). */
function contract() {
  const tag = random(6).toUpperCase()
  return {
    type: 'object',
    properties: {
      [`SESSION_SECRET_${tag}`]: { type: 'string', 'x-secret': true },
      API_TOKEN: { type: 'string', 'x-secret': true, minLength: 64 },
      OLD_NAME: { type: 'string', 'x-deprecated-by': 'API_TOKEN' },
    },
    required: [`SESSION_SECRET_${tag}`, 'API_TOKEN'],
    'x-test-tag': tag,
  }
}

test('a failing check logs a head line and one line per problem, then throws; the alert rule fires', () => {
  const c = contract()
  const missing = `SESSION_SECRET_${c['x-test-tag']}`
  const secret = `sk_live_${random(40)}`
  const { logger, lines } = recorder()
  assert.throws(
    () => assertEnv({ contract: c, env: { API_TOKEN: secret, OLD_NAME: secret }, environment: 'production', logger }),
    EnvContractError,
  )
  assert.deepEqual(
    lines.map(([m]) => m),
    ['error', 'error', 'warn', 'error'],
  )
  assert.equal(
    lines[0][1],
    'env-contract: error: 3 variables checked, environment "production", contract given as an object: ' +
      '0 passed, 1 warning, 2 failed',
  )
  assert.match(lines[1][1], /^env-contract: \[FAIL\] API_TOKEN too-short: /)
  // In the report's order: by variable name, then code.
  assert.match(lines[2][1], /^env-contract: \[WARN\] OLD_NAME deprecated: /)
  assert.equal(lines[3][1], `env-contract: [FAIL] ${missing} missing: required in every environment`)
  const fired = lines.map(([, l]) => l.match(ALERT)).filter(Boolean)
  assert.deepEqual(
    fired.map((m) => m[1]),
    [missing],
  )
  const all = lines.map(([, l]) => l).join('\n')
  assert.equal(leakedRun(all, secret), null)
})

test('a passing check logs one line with what was checked; warnings after it; logger: false is silent', () => {
  const c = contract()
  const env = { [`SESSION_SECRET_${c['x-test-tag']}`]: random(40), API_TOKEN: random(64) }
  const { logger, lines } = recorder()
  assertEnv({ contract: c, env, environment: 'staging', logger })
  assert.deepEqual(lines, [
    [
      'info',
      'env-contract: ok: 3 variables checked, environment "staging", contract given as an object: ' +
        '2 passed, 0 warnings, 0 failed, 1 not set',
    ],
  ])
  // Once per process: Next.js evaluates its config several times.
  assertEnv({ contract: c, env, environment: 'staging', logger })
  assert.equal(lines.length, 1)
  const quiet = recorder()
  assertEnv({ contract: c, env: { ...env, OLD_NAME: 'x' }, environment: 'qa', logger: false })
  assert.equal(quiet.lines.length, 0)
  // validateEnv prints nothing.
  validateEnv({ contract: c, env: {}, environment: 'qa2' })
})

test('JSON lines: ENV_CONTRACT_LOG_FORMAT=json, or logFormat, which wins; stable fields, no value', () => {
  const c = contract()
  const missing = `SESSION_SECRET_${c['x-test-tag']}`
  const secret = `sk_live_${random(40)}`
  const env = { API_TOKEN: secret }
  process.env.ENV_CONTRACT_LOG_FORMAT = 'json'
  const { logger, lines } = recorder()
  try {
    assert.throws(() => assertEnv({ contract: c, env, environment: 'production', logger }), EnvContractError)
    const text = recorder()
    assert.throws(
      () => assertEnv({ contract: c, env, environment: 'production-text', logger: text.logger, logFormat: 'text' }),
      EnvContractError,
    )
    assert.match(text.lines[0][1], /^env-contract: error: /)
  } finally {
    delete process.env.ENV_CONTRACT_LOG_FORMAT
  }
  const events = lines.map(([m, l]) => [m, JSON.parse(l)])
  assert.deepEqual(
    events.map(([m, e]) => [m, e.level, e.event, e.var, e.code]),
    [
      ['error', 'error', 'check', undefined, undefined],
      ['error', 'error', 'problem', 'API_TOKEN', 'too-short'],
      ['error', 'error', 'problem', missing, 'missing'],
    ],
  )
  const [, head] = events[0]
  assert.deepEqual(
    [head.status, head.checked, head.errors, head.warnings, head.environment, head.logger],
    ['error', 3, 2, 0, 'production', 'env-contract'],
  )
  const [, problem] = events[2]
  assert.deepEqual(Object.keys(problem), [
    'level',
    'logger',
    'event',
    'environment',
    'contract',
    'var',
    'code',
    'severity',
    'message',
    'hint',
    'text',
  ])
  assert.match(problem.text, ALERT)
  assert.equal(leakedRun(lines.map(([, l]) => l).join('\n'), secret), null)
  const bad = recorder()
  assert.throws(() => assertEnv({ contract: c, env, logFormat: 'xml', logger: bad.logger }), /logFormat must be one of/)
})

test('a logger without info, warn and error is a TypeError', () => {
  for (const logger of [null, true, {}, { info() {}, warn() {} }, 'console']) {
    if (logger === null) continue // null is the default (console)
    assert.throws(() => assertEnv({ contract: contract(), env: {}, logger }), TypeError)
  }
})

test('the message of EnvContractError fits the alert rule too (a crash log without a logger)', () => {
  const c = contract()
  try {
    assertEnv({ contract: c, env: {}, logger: false })
    assert.fail('no throw')
  } catch (e) {
    assert.ok(e instanceof EnvContractError)
    const fired = e.message
      .split('\n')
      .map((l) => l.match(ALERT)?.[1])
      .filter(Boolean)
    assert.deepEqual(fired.sort(), ['API_TOKEN', `SESSION_SECRET_${c['x-test-tag']}`].sort())
  }
})
