// The package loads as ESM and CommonJS through its exports map, and both share one copy of
// the error classes, so `instanceof` works across them.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import test from 'node:test'
import * as esm from 'env-contract'
import esmDefault from 'env-contract'
import { withEnvContract as esmWith } from 'env-contract/next'

const require = createRequire(import.meta.url)
const cjs = require('env-contract')
const cjsNext = require('env-contract/next')

test('ESM and CommonJS entries export the same functions and classes', () => {
  // The same names (index.mjs lists its exports in scripts/build-esm.js), each the same object.
  const names = Object.keys(esm).filter((n) => n !== 'default')
  assert.deepEqual(names.sort(), Object.keys(cjs).sort())
  for (const name of names) {
    assert.ok(esm[name], name)
    assert.equal(esm[name], cjs[name], name)
    assert.equal(esmDefault[name], cjs[name], name)
  }
  assert.equal(esmWith, cjsNext.withEnvContract)
})

test('env-contract/next/ready: the ESM and CommonJS entries export the same handler', async () => {
  const esmReady = await import('env-contract/next/ready')
  const cjsReady = require('env-contract/next/ready')
  for (const name of ['GET', 'createReadyHandler', 'readiness']) {
    assert.equal(typeof cjsReady[name], 'function', name)
    assert.equal(esmReady[name], cjsReady[name], name)
  }
  assert.equal(cjsReady.readiness, cjs.readiness)
})

/** Runs an ES module script in a fresh Node process (in this directory) and parses its last line. */
function freshEsm(script, env = {}) {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: import.meta.dirname,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  })
  return JSON.parse(out.trim().split('\n').at(-1))
}

test('an ESM import alone loads no CommonJS module (index.mjs is bundled by scripts/build-esm.js)', () => {
  // What the bundle is for: neither Node's CommonJS loader nor an ESM import of a builtin.
  const seen = freshEsm(`
    const { validateEnv } = await import('env-contract')
    const ok = validateEnv({ contract: { type: 'object', properties: { A: {} }, required: ['A'] }, env: { A: 'x' } }).ok
    const { default: Module } = await import('node:module')
    console.log(JSON.stringify({ ok, cjs: Object.keys(Module._cache) }))`)
  assert.deepEqual(seen, { ok: true, cjs: [] })
})

test('ESM first, then CommonJS, in a fresh process: one API, one addon load', () => {
  const seen = freshEsm(`
    const esm = await import('env-contract')
    const { createRequire } = await import('node:module')
    const dlopen = process.dlopen
    let loads = 0
    process.dlopen = (...args) => { loads++; return dlopen(...args) }
    const cjs = createRequire(import.meta.url)('env-contract')
    const next = createRequire(import.meta.url)('env-contract/next')
    console.log(JSON.stringify({ same: esm.assertEnv === cjs.assertEnv && esm.EnvContractError === cjs.EnvContractError,
      loads, next: typeof next.withEnvContract }))`)
  assert.deepEqual(seen, { same: true, loads: 0, next: 'function' })
})

test('on a Node without process.getBuiltinModule (before 20.16), the ESM entry imports the builtins', () => {
  for (const backend of ['native', 'wasm']) {
    const seen = freshEsm(
      `
      delete process.getBuiltinModule
      const { validateEnv, backend } = await import('env-contract')
      const contract = { type: 'object', properties: { PORT: { $ref: 'env-contract:port' } }, required: ['PORT'] }
      console.log(JSON.stringify({ backend, problems: validateEnv({ contract, env: { PORT: 'x' } }).problems.map((p) => p.code) }))`,
      { ENV_CONTRACT_BACKEND: backend },
    )
    assert.deepEqual(seen, { backend, problems: ['type'] })
  }
})

test('an error thrown through one entry is instanceof the class of the other', () => {
  const contract = { type: 'object', properties: { A: {} }, required: ['A'] }
  assert.throws(() => esm.assertEnv({ contract, env: {} }), cjs.EnvContractError)
  assert.throws(() => cjs.assertEnv({ contract, env: {} }), esm.EnvContractError)
  assert.throws(() => cjs.validateEnv({ contract: { type: 'object', required: ['B'] } }), esm.ContractError)
  assert.throws(() => esm.validateEnv({ contract: { type: 'object', required: ['B'] } }), cjs.ContractError)
})

test('edge-light, workerd, worker and browser resolve to the WebAssembly entries, which ship', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8'))
  const root = pkg.exports['.']
  const want = {
    'edge-light': './edge-light.mjs',
    workerd: './worker.mjs',
    worker: './worker.mjs',
    browser: './browser.mjs',
  }
  for (const [condition, entry] of Object.entries(want)) {
    assert.equal(root[condition], entry, condition)
    assert.ok(pkg.files.includes(entry.slice(2)), `${entry} is not in files`)
  }
  // Before import/require: a bundler picks the first condition of its list that the map has.
  const keys = Object.keys(root)
  for (const condition of Object.keys(want)) assert.ok(keys.indexOf(condition) < keys.indexOf('import'), condition)
  // env-contract/next/ready in the Edge runtime: its WebAssembly build, with what it imports.
  const ready = pkg.exports['./next/ready']
  assert.equal(ready['edge-light'], './next-ready-edge.mjs')
  assert.ok(Object.keys(ready).indexOf('edge-light') < Object.keys(ready).indexOf('import'))
  for (const file of ['next-ready-edge.mjs', 'ready-handler.js']) assert.ok(pkg.files.includes(file), file)
})

test('the browser entry runs (here in Node, with --conditions=browser): same API, on wasm', () => {
  const script = `
    import { validateEnv, assertEnv, backend, PROBLEM_CODES, EnvContractError } from 'env-contract'
    const contract = { type: 'object', properties: { PORT: { $ref: 'env-contract:port' } }, required: ['PORT'] }
    const report = validateEnv({ contract, env: { PORT: 'x' } })
    let thrown = null
    try { assertEnv({ contract, env: {} }) } catch (e) { thrown = e instanceof EnvContractError && e.problems[0].code }
    console.log(JSON.stringify({ backend, codes: PROBLEM_CODES.length, problems: report.problems.map((p) => p.code), thrown,
      port: assertEnv({ contract, env: { PORT: '80' } }).PORT }))`
  const out = execFileSync(process.execPath, ['--conditions=browser', '--input-type=module', '-e', script], {
    cwd: import.meta.dirname,
    encoding: 'utf8',
  })
  // The passing assertEnv's startup line (console.info) comes first, then the script's own.
  const lines = out.trim().split('\n')
  assert.match(lines[0], /^env-contract: ok: 1 variable checked, /)
  assert.deepEqual(JSON.parse(lines.at(-1)), {
    backend: 'wasm',
    codes: 23,
    problems: ['type'],
    thrown: 'missing',
    port: 80,
  })
})

test('without a file system: a path or envFiles is a TypeError saying what to do; non-strings are skipped', () => {
  const { edgeApi } = require('../edge-api.js')
  const api = edgeApi(
    new WebAssembly.Module(fs.readFileSync(path.join(import.meta.dirname, '..', 'env-contract.wasm'))),
  )
  assert.throws(
    () => api.validateEnv({ contract: 'env.contract.json', env: {} }),
    (e) => e instanceof TypeError && /import the contract/.test(e.message),
  )
  assert.throws(() => api.validateEnv({ contract: new URL('file:///env.contract.json'), env: {} }), TypeError)
  const contract = { type: 'object', properties: { A: {} }, required: ['A'] }
  assert.throws(
    () => api.validateEnv({ contract, env: {}, envFiles: ['.env'] }),
    (e) => e instanceof TypeError && /no file system/.test(e.message),
  )
  // A Worker's env: string variables beside bindings (objects, functions).
  const env = { A: 'x', CACHE: { get() {} }, QUEUE: () => {}, COUNT: 3 }
  assert.deepEqual({ ...api.assertEnv({ contract, env }) }, { A: 'x' })
  assert.equal(api.backend, 'wasm')
})
