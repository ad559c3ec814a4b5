'use strict'
// The native addon against the WebAssembly build, in this Node (figures for docs/node.md):
//   node scripts/bench-backends.js      (after npm run build and scripts/build-wasm.sh)
// For each backend, in a fresh process: the time to load it (for wasm: compile and
// instantiate env-contract.wasm), the first check (compiling the contract), and a warm check
// (the median of many, the contract cached) of examples/nextjs's contract with a valid env,
// given as an object and, through the Node entry (index.js), as a file path (on wasm the
// file then travels with each request: core/src/files.rs).
const { spawnSync } = require('node:child_process')
const path = require('node:path')

const child = `
  const { performance } = require('node:perf_hooks')
  const fs = require('node:fs')
  const path = require('node:path')
  const pkg = ${JSON.stringify(path.join(__dirname, '..'))}
  let t = performance.now()
  const mod = require(path.join(pkg, 'wasm-backend.js'))
  const bytes = fs.readFileSync(path.join(pkg, 'env-contract.wasm'))
  let compileMs = null, instantiateMs = null
  if (process.env.ENV_CONTRACT_BACKEND === 'wasm') {
    t = performance.now()
    const m = new WebAssembly.Module(bytes)
    compileMs = performance.now() - t
    t = performance.now()
    new WebAssembly.Instance(m, {})
    instantiateMs = performance.now() - t
  }
  t = performance.now()
  const api = process.env.ENV_CONTRACT_BACKEND === 'wasm' ? require(path.join(pkg, 'edge-api.js')).edgeApi(new WebAssembly.Module(bytes)) : require(pkg)
  const loadMs = performance.now() - t
  const contract = JSON.parse(fs.readFileSync(path.join(pkg, '..', 'examples', 'nextjs', 'env.contract.json'), 'utf8'))
  const env = { NEXTAUTH_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://app:pw@db.internal:6432/app', NEXT_PUBLIC_SITE_URL: 'https://example.com', PATH: '/usr/bin', HOME: '/root' }
  t = performance.now()
  api.validateEnv({ contract, env })
  const firstMs = performance.now() - t
  const runs = []
  for (let i = 0; i < 20000; i++) {
    const s = performance.now()
    api.assertEnv({ contract, env, logger: false })
    runs.push(performance.now() - s)
  }
  runs.sort((a, b) => a - b)
  const node = require(pkg)
  const file = path.join(pkg, '..', 'examples', 'nextjs', 'env.contract.json')
  const byPath = []
  for (let i = 0; i < 20000; i++) {
    const s = performance.now()
    node.assertEnv({ contract: file, env, logger: false })
    byPath.push(performance.now() - s)
  }
  byPath.sort((a, b) => a - b)
  console.log(JSON.stringify({ backend: api.backend, loadMs, compileMs, instantiateMs, firstMs, warmUs: runs[runs.length >> 1] * 1000, pathUs: byPath[byPath.length >> 1] * 1000 }))
`
for (const backend of ['native', 'wasm']) {
  const r = spawnSync(process.execPath, ['-e', child], {
    env: { ...process.env, ENV_CONTRACT_BACKEND: backend },
    encoding: 'utf8',
  })
  if (r.status !== 0) {
    console.log(`${backend}: ${r.stderr.trim().split('\n').slice(-3).join(' ')}`)
    continue
  }
  const m = JSON.parse(r.stdout)
  const f = (v, d = 1) => (v === null ? '-' : v.toFixed(d))
  console.log(
    `${m.backend}: package load ${f(m.loadMs)} ms (wasm compile ${f(m.compileMs)} ms, instantiate ${f(m.instantiateMs, 2)} ms), ` +
      `first check ${f(m.firstMs)} ms, warm check ${f(m.warmUs)} µs, by path ${f(m.pathUs)} µs (medians of 20000)`,
  )
}
