'use strict'
// `npx env-contract …` runs the core's command line through the addon.
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const { spawnSync } = require('node:child_process')
const test = require('node:test')
const { random, tempDir } = require('./helpers.cjs')

const BIN = path.join(__dirname, '..', 'bin', 'env-contract.js')
// The backend this run of the suite uses (ENV_CONTRACT_BACKEND, else what native.js finds).
const { backend } = require('../native.js')

test('env-contract --version names the version and the backend', () => {
  const r = spawnSync(process.execPath, [BIN, '--version'], { encoding: 'utf8' })
  assert.equal(r.status, 0, r.stderr)
  assert.equal(r.stdout.trim(), `env-contract ${require('../package.json').version} (backend: ${backend})`)
})

test('env-contract check --format json: exit code and report from the core (the native addon)', () => {
  if (backend === 'wasm') {
    // The command line reads files: on the WebAssembly backend it says it needs the addon.
    const r = spawnSync(process.execPath, [BIN, 'check'], { encoding: 'utf8' })
    assert.equal(r.status, 2)
    assert.match(r.stderr, /the command line needs the native addon/)
    return
  }
  const dir = tempDir()
  const contract = path.join(dir, 'env.contract.json')
  fs.writeFileSync(
    contract,
    JSON.stringify({ type: 'object', properties: { S: { 'x-secret': true, minLength: 64 } }, required: ['S'] }),
  )
  const secret = random(40)
  const run = (env) =>
    spawnSync(
      process.execPath,
      [BIN, 'check', '--contract', contract, '--no-process-env', '--env-json', env, '--format', 'json'],
      { encoding: 'utf8' },
    )
  const bad = path.join(dir, 'bad.json')
  fs.writeFileSync(bad, JSON.stringify({ S: secret }))
  const r = run(bad)
  assert.equal(r.signal, null)
  assert.equal(r.status, 1, r.stderr)
  const report = JSON.parse(r.stdout)
  assert.deepEqual(
    report.problems.map((p) => [p.var, p.code]),
    [['S', 'too-short']],
  )
  assert.ok(!r.stdout.includes(secret.slice(0, 8)) && !r.stderr.includes(secret.slice(0, 8)))
  const good = path.join(dir, 'good.json')
  fs.writeFileSync(good, JSON.stringify({ S: random(64) }))
  assert.equal(run(good).status, 0)
})
