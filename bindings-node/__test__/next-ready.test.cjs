'use strict'
// env-contract/next/ready in-process: the route handler's answers (core/src/ready.rs decides),
// over real Request/Response objects. examples/nextjs/test.mjs serves it under `next start` and
// the standalone server.
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const test = require('node:test')
const { GET, createReadyHandler, readiness } = require('env-contract/next/ready')
const { random, leakedRun, tempDir } = require('./helpers.cjs')

const contract = {
  type: 'object',
  properties: {
    SESSION_SECRET: { type: 'string', minLength: 32, 'x-secret': true },
    DATABASE_URL: { type: 'string', 'x-secret': true, 'x-url': { schemes: ['postgres'], port: 6432 } },
    OLD_NAME: { type: 'string', 'x-deprecated-by': 'SESSION_SECRET' },
  },
  required: ['SESSION_SECRET', 'DATABASE_URL'],
}

async function answer(handler) {
  const res = await handler()
  assert.ok(res instanceof Response)
  assert.equal(res.headers.get('content-type'), 'application/json')
  assert.equal(res.headers.get('cache-control'), 'no-store')
  const text = await res.text()
  return { status: res.status, text, body: JSON.parse(text) }
}

test('200 ok, 200 degraded with warnings only, 503 with codes and names on errors; never a value', async () => {
  const secret = `sk_live_${random(40)}`
  const password = random(24)
  const good = { SESSION_SECRET: secret, DATABASE_URL: `postgres://app:${password}@db.internal:6432/app` }
  let r = await answer(createReadyHandler({ contract, env: good, environment: 'production' }))
  assert.deepEqual([r.status, r.body], [200, { status: 'ok', environment: 'production' }])
  r = await answer(createReadyHandler({ contract, env: { ...good, OLD_NAME: secret } }))
  assert.deepEqual(
    [r.status, r.body],
    [
      200,
      {
        status: 'degraded',
        environment: 'development',
        problems: [{ var: 'OLD_NAME', code: 'deprecated', severity: 'warning' }],
      },
    ],
  )
  const bad = { SESSION_SECRET: secret.slice(0, 20), DATABASE_URL: `postgres://app:${password}@db.internal:5432/app` }
  r = await answer(createReadyHandler({ contract, env: bad }))
  assert.equal(r.status, 503)
  assert.deepEqual(r.body, {
    status: 'error',
    environment: 'development',
    problems: [
      { var: 'DATABASE_URL', code: 'url-port', severity: 'error' },
      { var: 'SESSION_SECRET', code: 'too-short', severity: 'error' },
    ],
  })
  for (const s of [secret, password]) assert.equal(leakedRun(r.text, s), null)
})

test('ENV_CONTRACT_SKIP: 200 degraded, skipped, the errors listed; a broken contract is 503 with its kind', async () => {
  process.env.ENV_CONTRACT_SKIP = '1'
  try {
    const r = await answer(createReadyHandler({ contract, env: {} }))
    assert.equal(r.status, 200)
    assert.deepEqual(Object.keys(r.body), ['status', 'environment', 'skipped', 'problems'])
    assert.equal(r.body.status, 'degraded')
    assert.equal(r.body.problems.length, 2)
  } finally {
    delete process.env.ENV_CONTRACT_SKIP
  }
  const r = await answer(createReadyHandler({ contract: { type: 'object', required: ['X'] }, env: {} }))
  assert.deepEqual([r.status, r.body], [503, { status: 'error', contract_error: 'undeclared' }])
  assert.deepEqual(readiness({ contract, env: {} }).status, 503)
})

test('GET reads ./env.contract.json and the live process environment on each request', async (t) => {
  const dir = tempDir()
  fs.writeFileSync(path.join(dir, 'env.contract.json'), JSON.stringify(contract))
  const cwd = process.cwd()
  process.chdir(dir)
  t.after(() => process.chdir(cwd))
  delete process.env.SESSION_SECRET
  process.env.DATABASE_URL = `postgres://app:${random(20)}@db.internal:6432/app`
  try {
    let r = await answer(GET)
    assert.equal(r.status, 503)
    assert.deepEqual(r.body.problems, [{ var: 'SESSION_SECRET', code: 'missing', severity: 'error' }])
    process.env.SESSION_SECRET = random(40)
    r = await answer(GET)
    assert.deepEqual([r.status, r.body.status], [200, 'ok'])
  } finally {
    delete process.env.SESSION_SECRET
    delete process.env.DATABASE_URL
  }
  assert.throws(() => createReadyHandler('env.contract.json'), TypeError)
})
