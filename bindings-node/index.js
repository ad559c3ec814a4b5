'use strict'
// env-contract for Node.js: check the environment against env.contract.json and refuse to
// boot on a bad one. The checks run in the Rust core, through the native addon or, where no
// native binary fits, the WebAssembly build (native.js picks); api.js builds the public API
// over either, and this file says what Node has: a file system and a process environment.

// One API per installed copy of the package, whichever entry loads it first: this file, or
// index.mjs (which holds this file and the ones it requires, bundled by scripts/build-esm.js, so
// that an ESM import goes through neither the CommonJS loader nor an ESM import of a builtin).
// The second entry finds the first one's API here (same functions, error classes and addon),
// keyed by this directory so that two installed versions never share.
const SHARED = Symbol.for(`env-contract ${__dirname}`)

function build() {
  const { readFileSync, lstatSync, realpathSync } = require('node:fs')
  const { fileURLToPath } = require('node:url')
  const { createApi } = require('./api.js')
  const backend = require('./native.js')
  const wasm = backend.backend === 'wasm'

  /**
   * What is at `path`, for a backend that cannot read files (the WebAssembly build): core's
   * `files::HostFile` record (core/src/files.rs). The bytes go as a latin1 string, one code
   * point per byte, so that core decides what is valid text; `real` (where the path leads) only
   * when core asks for it. What to make of a missing file, a directory or an error is core's.
   */
  function readFile(path, real = false) {
    const file = { path }
    try {
      file.bytes = readFileSync(path).toString('latin1')
    } catch (e) {
      if (e.code === 'EISDIR') file.dir = true
      // A dangling link is there (core reports it cannot be read, as for the native addon).
      else if (e.code === 'ENOENT' && !lstatSync(path, { throwIfNoEntry: false })) file.missing = true
      else file.error = e.message
    }
    if (real && !file.missing) {
      try {
        file.real = realpathSync(path)
      } catch (e) {
        if (e.code === 'ENOENT') file.missing = true
        else file.error ??= e.message
      }
    }
    return file
  }

  return createApi(backend, {
    contractPath: (path) => ({ path }),
    contractUrl: (url) => ({ path: fileURLToPath(url) }),
    // The addon reads the process environment natively (no per-key reads through Node's
    // process.env proxy); the WebAssembly build gets it packed.
    defaultEnv: () => (wasm ? process.env : undefined),
    // The addon reads files itself; the WebAssembly build gets them from here.
    readFile: wasm ? readFile : undefined,
    nonStrings: 'throw',
    flag: (name) => process.env[name],
  })
}

if (globalThis[SHARED] === undefined) {
  Object.defineProperty(globalThis, SHARED, { value: build() })
}
module.exports = globalThis[SHARED]
