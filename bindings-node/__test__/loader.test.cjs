'use strict'
// The loader (native.js): which binary it picks, in an installed layout
// (node_modules/env-contract beside node_modules/env-contract-<key>), and what it says when
// nothing fits. Each case runs in a fresh process, with this machine's own addon build.
const assert = require('node:assert/strict')
const { spawnSync } = require('node:child_process')
const fs = require('node:fs')
const path = require('node:path')
const test = require('node:test')
const { tempDir } = require('./helpers.cjs')

const PKG = path.join(__dirname, '..')
const { platforms } = require('../platforms.json')
const HERE = platforms.find((p) => p.os === process.platform && p.cpu === process.arch && p.libc !== 'musl')
const BUILT = HERE && path.join(PKG, `env-contract.${HERE.key}.node`)

const WASM_FILES = ['wasm-node.js', 'wasm-backend.js', 'env-contract.wasm']

/**
 * node_modules/env-contract with the loader, plus the given platform packages and local
 * builds, and with `wasm` the WebAssembly build (which the published package always has).
 */
function layout({ local = [], packages = {}, wasm = false }) {
  const root = tempDir()
  const main = path.join(root, 'node_modules', 'env-contract')
  fs.mkdirSync(main, { recursive: true })
  for (const f of ['native.js', 'platforms.json', ...(wasm ? WASM_FILES : [])])
    fs.copyFileSync(path.join(PKG, f), path.join(main, f))
  for (const key of local) fs.copyFileSync(BUILT, path.join(main, `env-contract.${key}.node`))
  for (const [key, binary] of Object.entries(packages)) {
    const dir = path.join(root, 'node_modules', `env-contract-${key}`)
    fs.mkdirSync(dir)
    const file = `env-contract.${key}.node`
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `env-contract-${key}`, main: file }))
    if (binary === 'built') fs.copyFileSync(BUILT, path.join(dir, file))
    else fs.writeFileSync(path.join(dir, file), binary)
  }
  return { root, main }
}

/**
 * Requires the loader in a fresh process (without ENV_CONTRACT_BACKEND, unless `backend` sets
 * it); returns {loaded: the .node files loaded, backend, codes} or {error}.
 */
function load(main, prelude = '', backend = undefined) {
  // Every .node file that loads goes through process.dlopen (require's own loader for .node
  // files calls it too): record the ones that load.
  const script = `${prelude}
    const loaded = []
    // And every platform package that goes through Node's module resolution.
    const resolved = []
    const Module = require('node:module')
    const resolveFilename = Module._resolveFilename
    Module._resolveFilename = function (request, ...rest) {
      if (request.startsWith('env-contract-')) resolved.push(request)
      return resolveFilename.call(this, request, ...rest)
    }
    const dlopen = process.dlopen
    process.dlopen = (module, file, ...rest) => {
      const out = dlopen.call(process, module, file, ...rest)
      loaded.push(file)
      return out
    }
    try {
      const native = require(${JSON.stringify(path.join(main, 'native.js'))})
      console.log(JSON.stringify({ loaded, resolved, backend: native.backend, codes: native.problemCodes().length }))
    } catch (e) {
      console.log(JSON.stringify({ error: { code: e.code, message: e.message } }))
    }`
  const env = { ...process.env }
  delete env.ENV_CONTRACT_BACKEND
  if (backend !== undefined) env.ENV_CONTRACT_BACKEND = backend
  const out = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env })
  assert.equal(out.status, 0, out.stderr)
  return JSON.parse(out.stdout)
}

assert.ok(HERE && fs.existsSync(BUILT), `the addon built for this machine is missing (${BUILT}): npm run build`)

test('a local build beside the loader comes first', () => {
  const { main } = layout({ local: [HERE.key], packages: { [HERE.key]: 'built' } })
  const r = load(main)
  assert.deepEqual(r.loaded, [path.join(main, `env-contract.${HERE.key}.node`)])
  assert.ok(r.codes > 10)
})

test('without a local build, the installed platform package is loaded', () => {
  const { root } = layout({ packages: { [HERE.key]: 'built' } })
  const r = load(path.join(root, 'node_modules', 'env-contract'))
  assert.deepEqual(r.loaded, [
    path.join(root, 'node_modules', `env-contract-${HERE.key}`, `env-contract.${HERE.key}.node`),
  ])
  // Found beside the loader, so no package is resolved, not even the other libc's (on Linux
  // two platforms fit; resolving the absent one cost more than the rest of the import).
  assert.deepEqual(r.resolved, [])
})

test('a platform package not beside the loader is found by Node’s resolution', () => {
  // env-contract nested under another package, its platform package hoisted to the top.
  const { root } = layout({ packages: { [HERE.key]: 'built' } })
  const nested = path.join(root, 'node_modules', 'app', 'node_modules', 'env-contract')
  fs.mkdirSync(nested, { recursive: true })
  for (const f of ['native.js', 'platforms.json']) fs.copyFileSync(path.join(PKG, f), path.join(nested, f))
  const r = load(nested)
  assert.deepEqual(r.loaded, [
    path.join(root, 'node_modules', `env-contract-${HERE.key}`, `env-contract.${HERE.key}.node`),
  ])
  assert.ok(r.resolved.includes(`env-contract-${HERE.key}`), JSON.stringify(r.resolved))
})

test('on Linux, the package of the running libc wins when both are installed', {
  skip: process.platform !== 'linux' && 'Linux only',
}, () => {
  const gnu = HERE.key
  const musl = gnu.replace(/-gnu$/, '-musl')
  const { main, root } = layout({ packages: { [musl]: 'built', [gnu]: 'built' } })
  const r = load(main)
  assert.deepEqual(r.loaded, [path.join(root, 'node_modules', `env-contract-${gnu}`, `env-contract.${gnu}.node`)])
  // And with only the other libc's package there, the loader still tries it.
  const only = layout({ packages: { [musl]: 'built' } })
  assert.equal(load(only.main).loaded.length, 1)
})

test('nothing installed: one error naming the platform and the package to install', () => {
  const { main } = layout({})
  const { error } = load(main)
  assert.equal(error.code, 'ENV_CONTRACT_NO_BINARY')
  assert.match(error.message, new RegExp(`the native binary for ${HERE.key} is not installed`))
  assert.match(error.message, new RegExp(`npm install env-contract-${HERE.key}`))
  assert.match(error.message, /--omit=optional/)
})

test("a binary that cannot load is named, with the loader's own reason", () => {
  const { main, root } = layout({ packages: { [HERE.key]: Buffer.from('not a shared library at all') } })
  const { error } = load(main)
  assert.equal(error.code, 'ENV_CONTRACT_NO_BINARY')
  const file = path.join(root, 'node_modules', `env-contract-${HERE.key}`, `env-contract.${HERE.key}.node`)
  assert.ok(error.message.includes(`the package env-contract-${HERE.key} (${file}) cannot be loaded: `), error.message)
  // The dynamic loader's reason, as it gave it (glibc: "invalid ELF header" / "file too short").
  assert.match(error.message, /(invalid ELF header|file too short|not a valid|mach-o)/i)
  assert.match(error.message, /glibc 2\.17/)
})

test('an unsupported platform: the error lists what is supported', () => {
  const { main } = layout({ local: [HERE.key] })
  const { error } = load(main, "Object.defineProperty(process, 'arch', { value: 'riscv64' })")
  assert.equal(error.code, 'ENV_CONTRACT_NO_BINARY')
  assert.match(error.message, new RegExp(`no prebuilt binary for ${process.platform}-riscv64`))
  for (const p of platforms) assert.ok(error.message.includes(p.key), p.key)
})

test('no native binary fits: the WebAssembly build takes over, and says so', () => {
  const { main } = layout({ wasm: true })
  const r = load(main)
  assert.deepEqual(r.loaded, [])
  assert.equal(r.backend, 'wasm')
  assert.ok(r.codes > 10)
  // An unlisted platform too.
  const other = load(main, "Object.defineProperty(process, 'arch', { value: 'riscv64' })")
  assert.equal(other.backend, 'wasm')
  // But a native binary that fits comes first.
  const both = layout({ wasm: true, packages: { [HERE.key]: 'built' } })
  assert.equal(load(both.main).backend, 'native')
})

test('ENV_CONTRACT_BACKEND forces a backend, and native means no fallback', () => {
  const { main } = layout({ wasm: true, local: [HERE.key] })
  assert.equal(load(main, '', 'wasm').backend, 'wasm')
  assert.equal(load(main, '', 'native').backend, 'native')
  const bare = layout({ wasm: true })
  assert.equal(load(bare.main, '', 'native').error.code, 'ENV_CONTRACT_NO_BINARY')
  assert.match(load(main, '', 'fast').error.message, /ENV_CONTRACT_BACKEND must be 'native' or 'wasm'/)
})

test('the published package lists the loader and its platform table', () => {
  const pkg = require('../package.json')
  for (const f of ['native.js', 'platforms.json', ...WASM_FILES]) assert.ok(pkg.files.includes(f), f)
  const keys = platforms.map((p) => p.key)
  assert.deepEqual(keys, [
    'linux-x64-gnu',
    'linux-arm64-gnu',
    'linux-x64-musl',
    'linux-arm64-musl',
    'darwin-x64',
    'darwin-arm64',
    'win32-x64',
  ])
  for (const p of platforms) {
    assert.equal(p.libc === null, p.os !== 'linux', p.key)
    assert.ok(p.key.startsWith(`${p.os}-${p.cpu}`), p.key)
  }
})
