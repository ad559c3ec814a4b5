'use strict'
// env-contract/next: withEnvContract over object and (async) function configs.
const assert = require('node:assert/strict')
const test = require('node:test')
const { withEnvContract } = require('env-contract/next')
const { EnvContractError } = require('env-contract')
const { random } = require('./helpers.cjs')

const contract = {
  type: 'object',
  properties: {
    DATABASE_URL: { type: 'string', 'x-secret': true },
    NEXT_PUBLIC_URL: { type: 'string', format: 'uri' },
  },
  required: ['DATABASE_URL', 'NEXT_PUBLIC_URL'],
}
const BUILD = 'phase-production-build'
const SERVER = 'phase-production-server'
const DEV = 'phase-development-server'
const ctx = { defaultConfig: {} }

test('an object config: validated, serverExternalPackages gets env-contract', () => {
  const env = { DATABASE_URL: `postgres://u:${random(16)}@h/db`, NEXT_PUBLIC_URL: 'https://x.example' }
  const wrapped = withEnvContract({ reactStrictMode: true, serverExternalPackages: ['sharp'] }, { contract, env })
  const config = wrapped(SERVER, ctx)
  assert.deepEqual(config, { reactStrictMode: true, serverExternalPackages: ['sharp', 'env-contract'] })
  // Not added twice.
  assert.deepEqual(withEnvContract(config, { contract, env })(DEV, ctx).serverExternalPackages, [
    'sharp',
    'env-contract',
  ])
})

test('phase build during next build: a missing server-only variable is a warning only', () => {
  const env = { NEXT_PUBLIC_URL: 'https://x.example' }
  const warnings = []
  const config = withEnvContract({}, { contract, env, onWarning: (w) => warnings.push(w) })(BUILD, ctx)
  assert.deepEqual(config.serverExternalPackages, ['env-contract'])
  assert.deepEqual(
    warnings.map((w) => [w.var, w.code]),
    [['DATABASE_URL', 'missing']],
  )
  assert.throws(() => withEnvContract({}, { contract, env })(SERVER, ctx), EnvContractError)
  assert.throws(() => withEnvContract({}, { contract, env })(DEV, ctx), EnvContractError)
  // Client variables are checked in full at build.
  assert.throws(() => withEnvContract({}, { contract, env: {} })(BUILD, ctx), /NEXT_PUBLIC_URL/)
})

test('a phase-function config, sync and async, receives phase and context', async () => {
  const env = { DATABASE_URL: random(20), NEXT_PUBLIC_URL: 'https://x.example' }
  const calls = []
  const sync = withEnvContract(
    (phase, c) => {
      calls.push([phase, c])
      return { output: 'standalone' }
    },
    { contract, env },
  )
  assert.deepEqual(sync(SERVER, ctx), { output: 'standalone', serverExternalPackages: ['env-contract'] })
  assert.deepEqual(calls, [[SERVER, ctx]])
  const asyncConfig = withEnvContract(async () => ({ poweredByHeader: false }), { contract, env })
  const result = asyncConfig(BUILD, ctx)
  assert.ok(result instanceof Promise)
  assert.deepEqual(await result, { poweredByHeader: false, serverExternalPackages: ['env-contract'] })
})

test('the environment is checked before the user config function runs', () => {
  let ran = false
  const wrapped = withEnvContract(
    () => {
      ran = true
      return {}
    },
    { contract, env: {} },
  )
  assert.throws(() => wrapped(SERVER, ctx), EnvContractError)
  assert.equal(ran, false)
})
