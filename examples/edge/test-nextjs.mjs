// env-contract in the Next.js Edge runtime, for real: the package is packed and installed from
// the tarball into a temp copy of examples/edge/nextjs, built with Turbopack and with webpack
// (`next build`, `next build --webpack`), then served by `next start` on 127.0.0.1 with good
// and bad environments. An Edge route handler (GET /api/env) and an Edge middleware.ts
// (/guarded) check process.env against the imported contract (examples/nextjs's) and answer
// from the result. Secrets are generated here, at run time, and must never show in a
// response, a header or the server's log.
//
//   node examples/edge/test-nextjs.mjs          (after scripts/build-wasm.sh and npm run build)
//   BUNDLERS=turbopack node examples/edge/test-nextjs.mjs   # one bundler only
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

const HERE = import.meta.dirname
const SOURCE = path.join(HERE, 'nextjs')
const PACKAGE = path.join(HERE, '..', '..', 'bindings-node')
const CONTRACT = path.join(HERE, '..', 'nextjs', 'env.contract.json')
const BUNDLERS = (process.env.BUNDLERS ?? 'turbopack,webpack').split(',')

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const random = (n) => [...crypto.randomBytes(n)].map((b) => ALPHANUM[b % ALPHANUM.length]).join('')
const secrets = { NEXTAUTH_SECRET: random(48), DB_PASSWORD: random(24), GITHUB_TOKEN: `ghp_${random(36)}` }
const VALID = {
  NEXTAUTH_SECRET: secrets.NEXTAUTH_SECRET,
  DATABASE_URL: `postgres://app:${secrets.DB_PASSWORD}@db.internal:6432/app`,
  NEXT_PUBLIC_SITE_URL: 'https://example.com',
}
const { NEXTAUTH_SECRET: _omit, ...MISSING } = VALID
/** Each case: the env, and the {var: code} errors it must give. */
const CASES = [
  ['valid', VALID, {}],
  ['no NEXTAUTH_SECRET', MISSING, { NEXTAUTH_SECRET: 'missing' }],
  [
    'a GitHub token in NEXT_PUBLIC_ANALYTICS_KEY',
    { ...VALID, NEXT_PUBLIC_ANALYTICS_KEY: secrets.GITHUB_TOKEN },
    { NEXT_PUBLIC_ANALYTICS_KEY: 'client-secret-leak' },
  ],
  [
    'DATABASE_URL on port 5432',
    { ...VALID, DATABASE_URL: `postgres://app:${secrets.DB_PASSWORD}@db.internal:5432/app` },
    { DATABASE_URL: 'url-port' },
  ],
  [
    'DATABASE_URL with scheme mysql',
    { ...VALID, DATABASE_URL: `mysql://app:${secrets.DB_PASSWORD}@db.internal:6432/app` },
    { DATABASE_URL: 'url-scheme' },
  ],
]

function log(msg) {
  console.log(`[nextjs-edge-test] ${msg}`)
}

function assertNoSecret(text, where) {
  for (const [name, secret] of Object.entries(secrets)) {
    for (let i = 0; i + 8 <= secret.length; i++) {
      assert.ok(!text.includes(secret.slice(i, i + 8)), `${where}: shows part of ${name}`)
    }
  }
}

function envWith(vars) {
  return { PATH: process.env.PATH, HOME: process.env.HOME ?? os.tmpdir(), NEXT_TELEMETRY_DISABLED: '1', ...vars }
}

function run(cmd, args, options) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, ...options })
  if (r.error) throw r.error
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` }
}

function npm(args, cwd) {
  const r = run('npm', args, { cwd, env: { ...process.env, npm_config_fund: 'false', npm_config_audit: 'false' } })
  assert.equal(r.status, 0, `npm ${args.join(' ')} failed:\n${r.output}`)
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

function errorsOf(report) {
  return Object.fromEntries(report.problems.filter((p) => p.severity === 'error').map((p) => [p.var, p.code]))
}

/**
 * `next start` with `vars`; GETs /api/env, /guarded and /api/ready; returns what they answered
 * and the log.
 */
async function serve(app, vars) {
  const port = await freePort()
  const next = path.join(app, 'node_modules', '.bin', 'next')
  const child = spawn(next, ['start', '-H', '127.0.0.1', '-p', String(port)], {
    cwd: app,
    env: envWith(vars),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const exited = new Promise((resolve) => child.on('exit', resolve))
  try {
    const deadline = Date.now() + 60_000
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(10_000) })
        await res.text()
        break
      } catch (e) {
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`next start did not answer:\n${output}`, { cause: e })
        await new Promise((r) => setTimeout(r, 300))
      }
    }
    const route = await fetch(`http://127.0.0.1:${port}/api/env`)
    const routeText = await route.text()
    const guarded = await fetch(`http://127.0.0.1:${port}/guarded`)
    const guardedText = await guarded.text()
    const ready = await fetch(`http://127.0.0.1:${port}/api/ready`)
    const readyText = await ready.text()
    const headers = JSON.stringify([...route.headers, ...guarded.headers, ...ready.headers])
    return {
      route: { status: route.status, text: routeText },
      ready: { status: ready.status, text: readyText },
      guarded: { status: guarded.status, text: guardedText, headers: guarded.headers },
      headers,
      output: () => output,
    }
  } finally {
    child.kill('SIGTERM')
    await exited
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'env-contract-nextjs-edge-'))
try {
  log(`npm pack ${PACKAGE}`)
  npm(['pack', '--pack-destination', tmp], PACKAGE)
  const tarball = path.join(
    tmp,
    fs.readdirSync(tmp).find((f) => f.endsWith('.tgz')),
  )
  const app = path.join(tmp, 'app')
  fs.cpSync(SOURCE, app, {
    recursive: true,
    filter: (src) => !/[\\/](node_modules|\.next)([\\/]|$)/.test(src.slice(SOURCE.length)),
  })
  fs.copyFileSync(CONTRACT, path.join(app, 'env.contract.json'))
  log(`npm install + npm install ${path.basename(tarball)} in ${app}`)
  npm(['install', '--no-audit', '--prefer-offline'], app)
  npm(['install', '--no-save', '--no-audit', tarball], app)

  for (const bundler of BUNDLERS) {
    fs.rmSync(path.join(app, '.next'), { recursive: true, force: true })
    const started = Date.now()
    // No env at build: the Edge code checks at request time, and nothing may be inlined.
    const built = run(
      path.join(app, 'node_modules', '.bin', 'next'),
      ['build', ...(bundler === 'webpack' ? ['--webpack'] : [])],
      { cwd: app, env: envWith({}) },
    )
    log(`next build (${bundler}): exit ${built.status} after ${((Date.now() - started) / 1000).toFixed(0)} s`)
    assert.equal(built.status, 0, built.output)
    assert.match(built.output, /Middleware|Proxy|ƒ/, built.output)

    for (const [label, vars, expected] of CASES) {
      const s = await serve(app, vars)
      const everything = s.route.text + s.guarded.text + s.ready.text + s.headers + s.output()
      assertNoSecret(everything, `${bundler}, ${label}`)
      const body = JSON.parse(s.route.text)
      assert.equal(body.backend, 'wasm', `${bundler}: the Edge route did not run on the WebAssembly backend`)
      assert.deepEqual(errorsOf(body.report), expected, `${bundler}, ${label}: ${s.route.text}`)
      const bad = Object.keys(expected).length > 0
      assert.equal(s.route.status, bad ? 503 : 200)
      assert.equal(s.guarded.status, bad ? 503 : 200, `${bundler}, ${label}: middleware: ${s.guarded.text}`)
      // env-contract/next/ready's Edge build: core's readiness answer.
      const ready = JSON.parse(s.ready.text)
      assert.equal(s.ready.status, bad ? 503 : 200, `${bundler}, ${label}: /api/ready: ${s.ready.text}`)
      assert.ok(bad ? ready.status === 'error' : ['ok', 'degraded'].includes(ready.status), s.ready.text)
      if (bad) {
        assert.deepEqual(
          Object.fromEntries(ready.problems.filter((p) => p.severity === 'error').map((p) => [p.var, p.code])),
          expected,
          s.ready.text,
        )
      }
      if (bad) {
        const listed = s.guarded.headers.get('x-env-contract-problems')
        for (const [name, code] of Object.entries(expected)) {
          assert.ok(listed.includes(`${name}:${code}`), listed)
          assert.match(s.guarded.text, new RegExp(`\\[FAIL\\] ${name} ${code}: `))
        }
      } else {
        assert.equal(s.guarded.headers.get('x-env-contract'), 'ok')
        assert.match(s.guarded.text, /guarded: the environment meets the contract/)
      }
      log(
        `${bundler}: ${label}: route ${s.route.status}, middleware ${s.guarded.status}, ready ${s.ready.status} ${JSON.stringify(errorsOf(body.report))}`,
      )
    }
  }
  log('all passed')
} finally {
  if (process.env.KEEP_TMP === '1') log(`kept ${tmp}`)
  else fs.rmSync(tmp, { recursive: true, force: true })
}
