// The package loads as ESM and CommonJS through its exports map, and both share one copy of
// the error classes, so `instanceof` works across them.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { execFileSync } from 'node:child_process'
import test from 'node:test'
import * as esm from 'env-contract'
import esmDefault from 'env-contract'
import { withEnvContract as esmWith } from 'env-contract/next'

const require = createRequire(import.meta.url)
const cjs = require('env-contract')
const cjsNext = require('env-contract/next')

test('ESM and CommonJS entries export the same functions and classes', () => {
  for (const name of ['assertEnv', 'validateEnv', 'renderDocs', 'EnvContractError', 'ContractError', 'EnvFileError', 'PROBLEM_CODES']) {
    assert.ok(esm[name], name)
    assert.equal(esm[name], cjs[name], name)
    assert.equal(esmDefault[name], cjs[name], name)
  }
  assert.equal(esmWith, cjsNext.withEnvContract)
})

test('an error thrown through one entry is instanceof the class of the other', () => {
  const contract = { type: 'object', properties: { A: {} }, required: ['A'] }
  assert.throws(() => esm.assertEnv({ contract, env: {} }), cjs.EnvContractError)
  assert.throws(() => cjs.assertEnv({ contract, env: {} }), esm.EnvContractError)
  assert.throws(() => cjs.validateEnv({ contract: { type: 'object', required: ['B'] } }), esm.ContractError)
  assert.throws(() => esm.validateEnv({ contract: { type: 'object', required: ['B'] } }), cjs.ContractError)
})

test('the edge-light, worker and browser conditions get a module that fails with a clear message', () => {
  for (const condition of ['edge-light', 'worker', 'browser']) {
    const script = `
      const m = require('env-contract');
      try { m.assertEnv(); console.log('no error') } catch (e) { console.log(e.message) }`
    const out = execFileSync(process.execPath, [`--conditions=${condition}`, '-e', script], { cwd: import.meta.dirname, encoding: 'utf8' })
    assert.match(out, /cannot run in the Edge runtime or in a browser/, condition)
  }
})
