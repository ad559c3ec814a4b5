'use strict'
// env-contract for Node.js: check the environment against env.contract.json and refuse to
// boot on a bad one. The checks run in the Rust core, through the native addon or, where no
// native binary fits, the WebAssembly build (native.js picks); api.js builds the public API
// over either, and this file says what Node has: a file system and a process environment.

const { readFileSync } = require('node:fs')
const { fileURLToPath } = require('node:url')
const { createApi } = require('./api.js')
const backend = require('./native.js')

const wasm = backend.backend === 'wasm'

/**
 * A contract path for the backend: the addon reads the file itself; the WebAssembly build has
 * no file access, so the text goes instead (a file that cannot be read is left to core, which
 * words the error).
 */
function contractPath(path) {
  if (!wasm) return { path }
  try {
    return { text: readFileSync(path, 'utf8') }
  } catch {
    return { path }
  }
}

module.exports = createApi(backend, {
  contractPath,
  contractUrl: (url) => contractPath(fileURLToPath(url)),
  // The addon reads the process environment natively (no per-key reads through Node's
  // process.env proxy); the WebAssembly build gets it packed.
  defaultEnv: () => (wasm ? process.env : undefined),
  envFiles() {
    if (wasm) {
      throw new TypeError(
        'env-contract: options.envFiles needs the native addon, and no native binary fits this platform ' +
          '(the WebAssembly build has no file access): load the files before the check, or pass env',
      )
    }
  },
  nonStrings: 'throw',
  flag: (name) => process.env[name],
})
