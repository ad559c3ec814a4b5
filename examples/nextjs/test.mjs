// The real Next.js test: the package is packed and installed from the tarball into a temp
// copy of this app, as a user would, then `next build` / `next start` run with good and bad
// environments. Secrets are generated here, at run time, and must never show in the output.
//
//   node examples/nextjs/test.mjs        (after `npm run build` in bindings-node)
//
// Builds (about a minute each on 2 cores; failing ones stop early):
//   1. next.config.mjs (assertEnv), valid env               -> succeeds
//   2. next.config.mjs, no NEXTAUTH_SECRET (the incident)   -> fails, names it, no secret shown
//   3. next.config.ts (withEnvContract), a GitHub token in a NEXT_PUBLIC_ variable -> fails
//   4. next.config.ts, valid env, output: 'standalone'      -> succeeds; then `next start`
//      and the standalone server.js serve with a valid env and stop with a bad one. Each also
//      serves the readiness route (app/health/ready/route.ts, env-contract/next/ready): 200 ok
//      with a valid env, 200 degraded with a warning, and, past a failing env with
//      ENV_CONTRACT_SKIP=1, 200 degraded naming the errors; the one build serves all three (the
//      route reads the environment at request time). The startup lines fit the documented
//      alert rule on the failing boots.
//   5. configs/next.config.ready-only.mjs, no instrumentation.ts (an app that stays up and
//      reports), valid env -> succeeds; `next start` and server.js then serve a failing
//      environment and the readiness route answers 503 with the codes and names, no value.
import assert from 'node:assert/strict'
import { spawn, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

const HERE = import.meta.dirname
const PACKAGE = path.join(HERE, '..', '..', 'bindings-node')
const KEEP = process.env.KEEP_TMP === '1'

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
function random(n) {
  return [...crypto.randomBytes(n)].map((b) => ALPHANUM[b % ALPHANUM.length]).join('')
}

const secrets = {
  NEXTAUTH_SECRET: random(48),
  DB_PASSWORD: random(24),
  GITHUB_TOKEN: `ghp_${random(36)}`,
}
const VALID = {
  NEXTAUTH_SECRET: secrets.NEXTAUTH_SECRET,
  DATABASE_URL: `postgres://app:${secrets.DB_PASSWORD}@db.internal:6432/app`,
  NEXT_PUBLIC_SITE_URL: 'https://example.com',
}

// The alert rule of docs/node.md and docs/cli.md (a missing variable; group 1 is its name).
const ALERT = /\[FAIL\] (\S+) missing\b/g

/** The names the alert rule fires on in `output`. */
function alerts(output) {
  return [...new Set([...output.matchAll(ALERT)].map((m) => m[1]))]
}

function log(msg) {
  console.log(`[nextjs-test] ${msg}`)
}

/** Logs the first output line that names `what`, as evidence in the test log. */
function logLine(output, what) {
  const line = output.split('\n').find((l) => l.includes(what))
  if (line) log(`  > ${line.trim()}`)
}

function assertNoSecret(output, where) {
  for (const [name, secret] of Object.entries(secrets)) {
    for (let i = 0; i + 8 <= secret.length; i++) {
      assert.ok(!output.includes(secret.slice(i, i + 8)), `${where}: output shows part of ${name}`)
    }
  }
}

/** A clean environment: no variable of the caller's shell reaches Next. */
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
  return r.output
}

function build(app, vars, label) {
  log(`next build: ${label}`)
  const started = Date.now()
  const r = run(path.join(app, 'node_modules', '.bin', 'next'), ['build'], { cwd: app, env: envWith(vars) })
  log(`  exit ${r.status} after ${((Date.now() - started) / 1000).toFixed(0)} s`)
  assertNoSecret(r.output, `next build (${label})`)
  return r
}

function selectConfig(app, form) {
  for (const f of ['next.config.mjs', 'next.config.ts']) fs.rmSync(path.join(app, f), { force: true })
  if (form === 'mjs') fs.copyFileSync(path.join(HERE, 'next.config.mjs'), path.join(app, 'next.config.mjs'))
  else if (form === 'ready-only') {
    fs.copyFileSync(path.join(HERE, 'configs', 'next.config.ready-only.mjs'), path.join(app, 'next.config.mjs'))
    fs.rmSync(path.join(app, 'instrumentation.ts'))
  } else fs.copyFileSync(path.join(HERE, 'configs', 'next.config.ts'), path.join(app, 'next.config.ts'))
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

/**
 * Starts a server and waits until it exits, answers on `/`, or `ms` pass; once it answers, GETs
 * each of `probes` too. Returns { exited, code, status (HTTP, or null), output, probes }, where
 * probes[path] is { status, text }.
 */
async function serve(cmd, args, { cwd, vars, port, ms = 60_000, probes: paths = [] }) {
  const child = spawn(cmd, args, {
    cwd,
    env: envWith({ ...vars, PORT: String(port), HOSTNAME: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  let exited = false
  let code = null
  const done = new Promise((resolve) =>
    child.on('exit', (c, s) => {
      exited = true
      code = c ?? s
      resolve()
    }),
  )
  let status = null
  const probes = {}
  const deadline = Date.now() + ms
  while (!exited && Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(10_000) })
      status = res.status
      output += `\n[GET / -> ${status}]\n${await res.text()}`
      for (const p of paths) {
        const r = await fetch(`http://127.0.0.1:${port}${p}`, { signal: AbortSignal.timeout(10_000) })
        probes[p] = { status: r.status, text: await r.text(), cacheControl: r.headers.get('cache-control') }
        output += `\n[GET ${p} -> ${r.status}]\n${probes[p].text}`
      }
      break
    } catch {
      await new Promise((r) => setTimeout(r, 500))
    }
  }
  if (!exited) {
    // Give a failing server a moment to exit on its own, then stop it.
    await Promise.race([done, new Promise((r) => setTimeout(r, status === null ? 0 : 1_000))])
    if (!exited) child.kill('SIGTERM')
    await done
  }
  return { exited: exited && status === null, code, status, output, probes }
}

async function main() {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'env-contract-nextjs-'))
  try {
    log(`npm pack ${PACKAGE}`)
    npm(['pack', '--pack-destination', tmp], PACKAGE)
    const tarball = path.join(
      tmp,
      fs.readdirSync(tmp).find((f) => f.endsWith('.tgz')),
    )
    const app = path.join(tmp, 'app')
    fs.cpSync(HERE, app, {
      recursive: true,
      filter: (src) => !/[\\/](node_modules|\.next)([\\/]|$)/.test(src.slice(HERE.length)),
    })
    log(`npm install + npm install ${path.basename(tarball)} in ${app}`)
    // (npm install follows the committed lock; see scripts/test-node.sh about npm ci)
    npm(['install', '--no-audit'], app)
    npm(['install', '--no-save', '--no-audit', tarball], app)
    assert.ok(fs.existsSync(path.join(app, 'node_modules', 'env-contract', 'schema', 'env-contract.schema.json')))

    // 1. next.config.mjs, valid env.
    selectConfig(app, 'mjs')
    let r = build(app, VALID, 'next.config.mjs, valid environment')
    assert.equal(r.status, 0, r.output)

    // 2. The incident: NEXTAUTH_SECRET set locally, never on the host.
    const { NEXTAUTH_SECRET: _omit, ...incident } = VALID
    r = build(app, incident, 'next.config.mjs, no NEXTAUTH_SECRET')
    assert.notEqual(r.status, 0, 'next build passed without NEXTAUTH_SECRET')
    assert.match(r.output, /NEXTAUTH_SECRET/)
    assert.match(r.output, /missing/)
    assert.deepEqual(alerts(r.output), ['NEXTAUTH_SECRET'], `the alert rule does not fire:\n${r.output}`)
    logLine(r.output, 'NEXTAUTH_SECRET')

    // 3. A secret pasted into a NEXT_PUBLIC_ variable (inlined into every visitor's JS).
    selectConfig(app, 'ts')
    r = build(
      app,
      { ...VALID, NEXT_PUBLIC_ANALYTICS_KEY: secrets.GITHUB_TOKEN },
      'next.config.ts, GitHub token in NEXT_PUBLIC_ANALYTICS_KEY',
    )
    assert.notEqual(r.status, 0, 'next build passed with a secret in a NEXT_PUBLIC_ variable')
    assert.match(r.output, /NEXT_PUBLIC_ANALYTICS_KEY/)
    assert.match(r.output, /client-secret-leak/)
    logLine(r.output, 'NEXT_PUBLIC_ANALYTICS_KEY')

    // 4. next.config.ts, valid env, standalone output.
    r = build(app, VALID, 'next.config.ts, valid environment')
    assert.equal(r.status, 0, r.output)
    const standalone = path.join(app, '.next', 'standalone')
    assert.ok(fs.existsSync(path.join(standalone, 'server.js')), 'no standalone server.js')
    const next = path.join(app, 'node_modules', '.bin', 'next')

    const servers = [
      ['next start', next, ['start'], app],
      [
        'standalone server.js (never runs next.config: instrumentation.ts alone)',
        process.execPath,
        ['server.js'],
        standalone,
      ],
    ]
    assert.ok(fs.existsSync(path.join(standalone, 'env.contract.json')), 'the contract is not traced into standalone')
    const READY = '/health/ready'
    /** The readiness answer of a server, checked: never cached, never a value. */
    function ready(s, label) {
      const probe = s.probes[READY]
      assert.ok(probe, `${label}: no answer on ${READY}:\n${s.output}`)
      assert.equal(probe.cacheControl, 'no-store')
      assertNoSecret(probe.text, `${label} ${READY}`)
      log(`  GET ${READY} -> ${probe.status} ${probe.text}`)
      return { status: probe.status, body: JSON.parse(probe.text) }
    }
    for (const [label, cmd, args, cwd] of servers) {
      log(`${label}: valid environment`)
      let s = await serve(cmd, args, { cwd, vars: VALID, port: await freePort(), probes: [READY] })
      assertNoSecret(s.output, label)
      assert.equal(s.status, 200, `${label} did not serve with a valid environment:\n${s.output}`)
      assert.match(s.output, /https:\/\/example\.com/)
      assert.deepEqual(ready(s, label), { status: 200, body: { status: 'ok', environment: 'production' } })
      assert.match(s.output, /env-contract: ok: 3 variables checked, environment "production"/)

      log(`${label}: a warning (a typo of a declared name)`)
      s = await serve(cmd, args, {
        cwd,
        vars: { ...VALID, NEXTAUTH_SECRT: 'x' },
        port: await freePort(),
        probes: [READY],
      })
      assertNoSecret(s.output, label)
      assert.equal(s.status, 200, `${label} did not serve with a warning only:\n${s.output}`)
      assert.deepEqual(ready(s, label), {
        status: 200,
        body: {
          status: 'degraded',
          environment: 'production',
          problems: [{ var: 'NEXTAUTH_SECRT', code: 'unknown-var', severity: 'warning' }],
        },
      })

      log(`${label}: no NEXTAUTH_SECRET, ENV_CONTRACT_SKIP=1 (an emergency boot)`)
      s = await serve(cmd, args, {
        cwd,
        vars: { ...incident, ENV_CONTRACT_SKIP: '1' },
        port: await freePort(),
        probes: [READY],
      })
      assertNoSecret(s.output, label)
      assert.equal(s.status, 200, `${label} did not serve with ENV_CONTRACT_SKIP=1:\n${s.output}`)
      assert.deepEqual(ready(s, label), {
        status: 200,
        body: {
          status: 'degraded',
          environment: 'production',
          skipped: true,
          problems: [{ var: 'NEXTAUTH_SECRET', code: 'missing', severity: 'error' }],
        },
      })

      log(`${label}: no NEXTAUTH_SECRET`)
      s = await serve(cmd, args, { cwd, vars: incident, port: await freePort() })
      assertNoSecret(s.output, label)
      assert.ok(
        s.exited && s.code !== 0,
        `${label} did not exit with an error without NEXTAUTH_SECRET (HTTP ${s.status}):\n${s.output}`,
      )
      assert.match(s.output, /NEXTAUTH_SECRET/, `${label}: the variable is not named:\n${s.output}`)
      assert.deepEqual(alerts(s.output), ['NEXTAUTH_SECRET'], `${label}: the alert rule does not fire:\n${s.output}`)
      log(`  refused to boot: exit ${s.code}`)
      logLine(s.output, 'NEXTAUTH_SECRET')
    }

    // 5. An app that stays up and reports: the readiness route answers 503.
    selectConfig(app, 'ready-only')
    r = build(app, VALID, 'next.config.ready-only.mjs, no instrumentation.ts, valid environment')
    assert.equal(r.status, 0, r.output)
    assert.ok(fs.existsSync(path.join(standalone, 'env.contract.json')), 'the contract is not traced into standalone')
    const failing = { ...incident, DATABASE_URL: `postgres://app:${secrets.DB_PASSWORD}@db.internal:5432/app` }
    for (const [label, cmd, args, cwd] of servers) {
      log(`${label} (ready-only app): no NEXTAUTH_SECRET, DATABASE_URL on 5432`)
      const s = await serve(cmd, args, { cwd, vars: failing, port: await freePort(), probes: [READY] })
      assertNoSecret(s.output, label)
      assert.equal(s.status, 200, `${label} (ready-only app) did not serve:\n${s.output}`)
      assert.deepEqual(ready(s, label), {
        status: 503,
        body: {
          status: 'error',
          environment: 'production',
          problems: [
            { var: 'DATABASE_URL', code: 'url-port', severity: 'error' },
            { var: 'NEXTAUTH_SECRET', code: 'missing', severity: 'error' },
          ],
        },
      })
    }
    log('all passed')
  } finally {
    if (KEEP) log(`kept ${tmp}`)
    else fs.rmSync(tmp, { recursive: true, force: true })
  }
}

await main()
