'use strict'
// examples/monorepo: two apps sharing one contract. A path follows the composition; the
// composed file (`docs --format contract`) stands in for it where the contract is an object
// (an `instrumentation.ts` that imports the JSON).
const assert = require('node:assert/strict')
const path = require('node:path')
const test = require('node:test')
const { random, REPO, PKG } = require('./helpers.cjs')
const { assertEnv, validateEnv, EnvContractError, ContractError } = require(PKG)

const WEB = path.join(REPO, 'examples', 'monorepo', 'apps', 'web')
const composed = require(path.join(WEB, 'env.contract.composed.json'))
const good = () => ({
  DATABASE_URL: `postgres://web:${random(16)}@db.internal:6432/app`,
  NEXTAUTH_SECRET: random(40),
  NEXTAUTH_URL: 'https://app.example.com',
  REDIS_URL: 'rediss://cache.internal:6380',
  STRIPE_SECRET_KEY: `sk_live_${random(32)}`,
})

test('the composed contract, imported as JSON, checks the shared variables', () => {
  const env = assertEnv({ contract: composed, env: good(), environment: 'production' })
  assert.equal(env.LOG_LEVEL, 'info', 'the shared default')
  const bad = { ...good(), DATABASE_URL: `postgres://web:${random(16)}@db.internal:5432/app` }
  assert.throws(
    () => assertEnv({ contract: composed, env: bad, environment: 'production' }),
    (e) => e instanceof EnvContractError && e.problems.some((p) => p.var === 'DATABASE_URL' && p.code === 'url-port'),
  )
})

test('a contract object that takes in files is refused, naming the way out', () => {
  const contract = require(path.join(WEB, 'env.contract.json'))
  assert.throws(
    () => validateEnv({ contract, env: {} }),
    (e) =>
      e instanceof ContractError &&
      e.kind === 'ref' &&
      e.location.pointer === '/x-extends' &&
      /docs --format contract/.test(e.message),
  )
})

test('a path follows the composition', () => {
  const contract = path.join(WEB, 'env.contract.json')
  const report = validateEnv({ contract, env: { NEXTAUTH_SECRET: random(40) }, environment: 'production' })
  const missing = report.problems
    .filter((p) => p.code === 'missing')
    .map((p) => p.var)
    .sort()
  assert.deepEqual(missing, ['DATABASE_URL', 'NEXTAUTH_URL', 'REDIS_URL', 'STRIPE_SECRET_KEY'])
  const values = assertEnv({ contract, env: good(), environment: 'production' })
  assert.equal(values.LOG_LEVEL, 'info')
})
