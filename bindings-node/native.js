'use strict'
// Loads the backend of the Node entry: the native addon, trying in order, for each platform
// that fits this process:
//   1. a local development build beside this file, `env-contract.<key>.node` (`npm run build`);
//   2. the installed platform package `env-contract-<key>`, an optional dependency of this
//      package that npm installs only where its os/cpu/libc fields fit: first where npm, yarn
//      and pnpm put it (beside this package), then wherever Node's resolution finds it;
// then, when no native binary loads, the WebAssembly build shipped in this package
// (env-contract.wasm, through wasm-node.js): slower to start, same results.
// Only when that is missing too does it throw one error that names the platform, the supported
// list and what to install; a binary that exists but cannot load is named with the loader's
// own reason. The platform list is platforms.json, which the release build (scripts/dist) reads.
// ENV_CONTRACT_BACKEND=native or =wasm forces one backend (the test suite runs over both).
//
// These messages are written here, not in core, because core is what failed to load.

const { existsSync, readFileSync } = require('node:fs')
const { join } = require('node:path')
// Read, not required: `require` of a JSON file in a package costs a module resolution
// (its package scope looked up) on top of the parse, about 0.5 ms of a cold import.
const { platforms } = JSON.parse(readFileSync(join(__dirname, 'platforms.json'), 'utf8'))

/** glibc or musl, for the rare case where builds for both are present. */
function libcOfThisProcess() {
  try {
    // What napi-rs and others read: cheap, and right on every mainstream distribution.
    return readFileSync('/usr/bin/ldd', 'latin1').includes('musl') ? 'musl' : 'glibc'
  } catch {
    // No ldd (distroless images): ask Node itself (slow, tens of ms, hence the last resort).
    const header = process.report && process.report.getReport().header
    return header && header.glibcVersionRuntime ? 'glibc' : 'musl'
  }
}

/**
 * The binaries to try for the platforms that fit, in order. `resolve` false: only where a
 * file is found without module resolution (a local build, the platform package beside this
 * one, where npm, yarn and pnpm put an optional dependency); true: the platform packages
 * Node's resolution finds elsewhere (nested installs, other layouts). The loader tries the
 * first kind before it works out the second: on Linux two platforms fit (gnu and musl) and
 * resolving the one that is not installed costs more than the rest of the import.
 */
function candidatesFor(fits, resolve) {
  const found = []
  for (const p of fits) {
    const local = join(__dirname, `env-contract.${p.key}.node`)
    const pkg = `env-contract-${p.key}`
    const beside = join(__dirname, '..', pkg, `env-contract.${p.key}.node`)
    if (!resolve) {
      if (existsSync(local)) found.push({ platform: p, file: local, source: `the local build ${local}` })
      else if (existsSync(beside)) found.push({ platform: p, file: beside, source: `the package ${pkg} (${beside})` })
      continue
    }
    if (existsSync(local) || existsSync(beside)) continue // the first kind
    let file
    try {
      file = require.resolve(pkg)
    } catch {
      continue
    }
    found.push({ platform: p, file, source: `the package ${pkg} (${file})` })
  }
  if (new Set(found.map((c) => c.platform.libc)).size > 1) {
    const libc = libcOfThisProcess()
    found.sort((a, b) => (b.platform.libc === libc) - (a.platform.libc === libc))
  }
  return found
}

function describeThisPlatform(fits) {
  if (process.platform !== 'linux' || fits.length < 2) return `${process.platform}-${process.arch}`
  return `${process.platform}-${process.arch}-${libcOfThisProcess() === 'musl' ? 'musl' : 'gnu'}`
}

const WASM = join(__dirname, 'env-contract.wasm')

function wasm() {
  return require('./wasm-node.js')
}

function load() {
  if (typeof process === 'undefined' || !process.versions || !process.versions.node) {
    // A bundler ignored the package's "edge-light"/"workerd"/"browser" conditions.
    throw new Error(
      'env-contract: this is the Node.js entry of the package, and this runtime is not Node.js: ' +
        'bundle with the "edge-light", "workerd", "worker" or "browser" condition to get its WebAssembly entry.',
    )
  }
  const forced = process.env.ENV_CONTRACT_BACKEND
  if (forced !== undefined && forced !== 'native' && forced !== 'wasm') {
    throw new Error(`env-contract: ENV_CONTRACT_BACKEND must be 'native' or 'wasm', not ${JSON.stringify(forced)}`)
  }
  if (forced === 'wasm') return wasm()
  const fits = platforms.filter((p) => p.os === process.platform && p.cpu === process.arch)
  const failures = []
  for (const resolve of [false, true]) {
    for (const candidate of candidatesFor(fits, resolve)) {
      try {
        // What `require` does for a .node file, without its module resolution and cache.
        const module = { exports: {} }
        process.dlopen(module, candidate.file)
        const addon = module.exports
        addon.backend = 'native'
        return addon
      } catch (e) {
        failures.push(`  ${candidate.source} cannot be loaded: ${e && e.message}`)
      }
    }
  }
  if (forced !== 'native' && existsSync(WASM)) return wasm()
  const here = describeThisPlatform(fits)
  const supported = platforms.map((p) => p.key).join(', ')
  let what
  if (fits.length === 0) {
    what =
      `env-contract has no prebuilt binary for ${here}. It ships binaries for: ${supported}. ` +
      'On another platform, build the addon from a clone of the repository (`npm run build` in bindings-node).'
  } else if (failures.length === 0) {
    const wanted = `env-contract-${(fits.find((p) => p.key === here) || fits[0]).key}`
    what =
      `env-contract: the native binary for ${here} is not installed (package ${wanted}). ` +
      'npm installs it as an optional dependency of env-contract: install again without ' +
      '`--omit=optional`/`--no-optional`, and if package-lock.json was written on another ' +
      `platform, add it by name (\`npm install ${wanted}\`).`
  } else {
    const floor =
      process.platform === 'linux'
        ? ' (the gnu builds need glibc 2.17 or newer; Alpine and other musl systems use the musl builds)'
        : ''
    what = `env-contract: no native binary for ${here} could be loaded${floor}.\n${failures.join('\n')}`
  }
  const error = new Error(what)
  error.code = 'ENV_CONTRACT_NO_BINARY'
  throw error
}

module.exports = load()
