'use strict'
// The public API in the Edge runtime, workerd and browsers, over the WebAssembly backend: the
// same functions and error classes as in Node (api.js), for a runtime with no file system and
// maybe no process environment. The entries (edge-light.mjs, worker.mjs, browser.mjs) differ
// only in how they get the WebAssembly.Module, which each bundler reaches its own way.
//
// - `contract` must be a contract object (import the JSON): a path is a TypeError saying so.
// - `env` defaults to `process.env` where the runtime has one (Next.js's Edge runtime does);
//   where it has none (workerd without nodejs_compat, browsers) it is required.
// - Values of `env` that are not strings are skipped: a Worker's env holds its KV, D1, R2, …
//   bindings beside the string variables, and passing it whole must work.
// - ENV_CONTRACT_SKIP and ENV_CONTRACT_LOG_FORMAT are read from process.env, else from the
//   given env.

const { createApi } = require('./api.js')
const { createBackend } = require('./wasm-backend.js')

const NO_FILES =
  'this runtime has no file system: import the contract ' +
  "(`import contract from './env.contract.json'`) and pass it as options.contract"

function processEnv() {
  // `process` may be absent (workerd, browsers) or a partial shim without `env`.
  return typeof process === 'object' && process !== null && typeof process.env === 'object' && process.env !== null
    ? process.env
    : undefined
}

const host = {
  contractPath(path) {
    throw new TypeError(`env-contract: options.contract is a path (${JSON.stringify(path)}), but ${NO_FILES}`)
  },
  contractUrl(url) {
    throw new TypeError(`env-contract: options.contract is a URL (${url.href}), but ${NO_FILES}`)
  },
  defaultEnv() {
    const env = processEnv()
    if (env === undefined) {
      throw new TypeError(
        'env-contract: options.env is required here: this runtime has no process.env ' +
          '(in a Cloudflare Worker, pass the env argument of fetch)',
      )
    }
    return env
  },
  envFiles() {
    throw new TypeError(
      'env-contract: options.envFiles cannot be read here: this runtime has no file system (pass the variables in options.env)',
    )
  },
  nonStrings: 'skip',
  flag(name, given) {
    const env = processEnv()
    if (env && typeof env[name] === 'string') return env[name]
    return given && typeof given[name] === 'string' ? given[name] : undefined
  },
}

/** The public API over an instance of env-contract.wasm, compiled by the caller. */
function edgeApi(module) {
  return createApi(createBackend(module), host)
}

module.exports = { edgeApi }
