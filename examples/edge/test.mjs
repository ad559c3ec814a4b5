// env-contract's WebAssembly build with real clients, as a user installs it (the packed
// tarball): a Cloudflare Worker under workerd (miniflare, no nodejs_compat: no process, no
// Buffer) bundled the way wrangler bundles it, and a browser page bundled with esbuild and run
// in headless Chromium; and Deno (the npm package `deno`), which runs the Node entry, here its
// WebAssembly fallback reading files. Secrets are generated here, at run time, and must never
// show.
//
//   node examples/edge/test.mjs     (after scripts/build-wasm.sh; npm install in examples/edge)
// The Next.js Edge runtime has its own test: examples/edge/test-nextjs.mjs.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import * as esbuild from 'esbuild'
import { Miniflare } from 'miniflare'
import { chromium } from 'playwright-core'

const HERE = import.meta.dirname
const PACKAGE = path.join(HERE, '..', '..', 'bindings-node')
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium'

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const random = (n) => [...crypto.randomBytes(n)].map((b) => ALPHANUM[b % ALPHANUM.length]).join('')
const secrets = { API_SECRET: random(48), DB_PASSWORD: random(24), GITHUB_TOKEN: `ghp_${random(36)}` }
const VALID = {
  API_SECRET: secrets.API_SECRET,
  DATABASE_URL: `postgres://app:${secrets.DB_PASSWORD}@db.internal:6432/app`,
  PUBLIC_SITE_URL: 'https://example.com',
  PORT: '8080',
}
const { API_SECRET: _omit, ...MISSING } = VALID
/** Each case: the env, and the {var: code} problems it must give (errors only). */
const CASES = [
  ['valid', VALID, {}],
  ['a missing secret', MISSING, { API_SECRET: 'missing' }],
  [
    'a secret in a client variable',
    { ...VALID, PUBLIC_ANALYTICS_KEY: secrets.GITHUB_TOKEN },
    { PUBLIC_ANALYTICS_KEY: 'client-secret-leak' },
  ],
  [
    'a bad port and URL scheme',
    { ...VALID, PORT: '99999', DATABASE_URL: `mysql://app:${secrets.DB_PASSWORD}@db.internal:6432/app` },
    { PORT: 'range', DATABASE_URL: 'url-scheme' },
  ],
]

function log(msg) {
  console.log(`[edge-test] ${msg}`)
}

function assertNoSecret(text, where) {
  for (const [name, secret] of Object.entries(secrets)) {
    for (let i = 0; i + 8 <= secret.length; i++) {
      assert.ok(!text.includes(secret.slice(i, i + 8)), `${where}: shows part of ${name}`)
    }
  }
}

function errorsOf(report) {
  return Object.fromEntries(report.problems.filter((p) => p.severity === 'error').map((p) => [p.var, p.code]))
}

function install(tmp) {
  const pack = spawnSync('npm', ['pack', '--pack-destination', tmp], { cwd: PACKAGE, encoding: 'utf8' })
  assert.equal(pack.status, 0, pack.stderr)
  const tarball = path.join(
    tmp,
    fs.readdirSync(tmp).find((f) => f.endsWith('.tgz')),
  )
  const app = path.join(tmp, 'app')
  fs.mkdirSync(app)
  fs.writeFileSync(path.join(app, 'package.json'), '{"private": true}')
  const r = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', tarball], {
    cwd: app,
    encoding: 'utf8',
  })
  assert.equal(r.status, 0, r.stderr)
  for (const dir of ['worker', 'browser', 'deno'])
    fs.cpSync(path.join(HERE, dir), path.join(app, dir), { recursive: true })
  fs.copyFileSync(path.join(HERE, 'contract.json'), path.join(app, 'contract.json'))
  return app
}

async function worker(app) {
  // What wrangler does: esbuild with the workerd conditions, .wasm left as a module of its own
  // (wrangler's default rule makes it a CompiledWasm module; miniflare's modulesRules the same).
  const out = path.join(app, 'worker-dist')
  await esbuild.build({
    entryPoints: [path.join(app, 'worker', 'index.js')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    outfile: path.join(out, 'index.js'),
    plugins: [
      {
        name: 'wasm-module',
        setup(build) {
          build.onResolve({ filter: /\.wasm$/ }, (args) => {
            const file = path.join(args.resolveDir, args.path)
            fs.mkdirSync(out, { recursive: true })
            fs.copyFileSync(file, path.join(out, path.basename(file)))
            return { path: `./${path.basename(file)}`, external: true }
          })
        },
      },
    ],
  })
  const bundle = fs.readFileSync(path.join(out, 'index.js'), 'utf8')
  assert.ok(!/\bnew Function\b|\beval\(/.test(bundle), 'the Worker bundle uses eval or new Function')
  const logs = []
  for (const [label, vars, expected] of CASES) {
    const mf = new Miniflare({
      modules: true,
      scriptPath: path.join(out, 'index.js'),
      modulesRoot: out,
      modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
      compatibilityDate: '2026-01-01',
      bindings: vars,
      kvNamespaces: ['CACHE'],
      handleRuntimeStdio(stdout, stderr) {
        stdout.on('data', (d) => logs.push(String(d)))
        stderr.on('data', (d) => logs.push(String(d)))
      },
    })
    try {
      const res = await mf.dispatchFetch('http://localhost/')
      const text = await res.text()
      assertNoSecret(text, `Worker (${label})`)
      const body = JSON.parse(text)
      assert.equal(body.backend, 'wasm')
      assert.equal(body.runtime, 'undefined', 'the Worker has a process object: nodejs_compat is on?')
      assert.deepEqual(errorsOf(body.report), expected, `Worker (${label}): ${text}`)
      assert.equal(res.status, Object.keys(expected).length ? 503 : 200)
      const asserted = await mf.dispatchFetch('http://localhost/assert')
      const message = await asserted.text()
      assertNoSecret(message, `Worker /assert (${label})`)
      if (Object.keys(expected).length) {
        assert.equal(asserted.status, 503)
        for (const [name, code] of Object.entries(expected))
          assert.match(message, new RegExp(`\\[FAIL\\] ${name} ${code}: `))
      } else {
        assert.deepEqual(JSON.parse(message), { ok: true, port: 8080 })
      }
      if (label === 'valid') {
        const noEnv = await mf.dispatchFetch('http://localhost/no-env')
        assert.equal(noEnv.status, 400)
        assert.match(await noEnv.text(), /TypeError: env-contract: options.env is required here/)
      }
      log(`Worker: ${label}: HTTP ${res.status} ${JSON.stringify(errorsOf(body.report))}`)
    } finally {
      await mf.dispose()
    }
  }
  assertNoSecret(logs.join(''), 'Worker logs')
}

async function browser(app) {
  const out = path.join(app, 'browser-dist')
  const started = Date.now()
  await esbuild.build({
    entryPoints: [path.join(app, 'browser', 'page.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    outfile: path.join(out, 'page.js'),
  })
  const size = fs.statSync(path.join(out, 'page.js')).size
  log(`browser: esbuild bundle ${(size / 1e6).toFixed(2)} MB in ${Date.now() - started} ms`)
  let env = VALID
  const server = http.createServer((req, res) => {
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' })
      res.end(fs.readFileSync(path.join(out, 'page.js')))
      return
    }
    res.writeHead(200, { 'content-type': 'text/html' })
    // The env as the page's data (a settings preview would take it from a form).
    const data = JSON.stringify(env).replace(/</g, '\\u003c')
    res.end(
      `<!doctype html><script>window.pageStart = performance.now()</script><script id="env" type="application/json">${data}</script><pre id="report"></pre><script type="module" src="/page.js"></script>`,
    )
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const base = `http://127.0.0.1:${server.address().port}/`
  const chrome = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] })
  try {
    for (const [label, vars, expected] of CASES) {
      env = vars
      const page = await chrome.newPage()
      const errors = []
      page.on('pageerror', (e) => errors.push(e.message))
      page.on('console', (m) => errors.push(`console: ${m.text()}`))
      await page.goto(base)
      await page.waitForFunction(() => window.envContractResult !== undefined || document.readyState === 'complete')
      await page
        .waitForFunction(() => window.envContractResult !== undefined, null, { timeout: 20_000 })
        .catch(() => {})
      const result = await page.evaluate(() => window.envContractResult)
      assert.ok(result, `browser (${label}): no result; page errors: ${errors.join('; ')}`)
      const shown = await page.textContent('#report')
      assertNoSecret(shown + JSON.stringify(result) + errors.join(''), `browser (${label})`)
      assert.equal(result.backend, 'wasm')
      assert.deepEqual(errorsOf(result.report), expected, `browser (${label})`)
      if (Object.keys(expected).length) {
        for (const [name, code] of Object.entries(expected)) assert.ok(shown.includes(`${name}: ${code}`), shown)
      } else {
        assert.match(shown, /^ok/)
      }
      log(
        `browser: ${label}: ${JSON.stringify(errorsOf(result.report))} (bundle loaded, wasm compiled and instantiated ${result.loaded.toFixed(0)} ms; first check ${result.ms.toFixed(1)} ms)`,
      )
      await page.close()
    }
  } finally {
    await chrome.close()
    server.close()
  }
}

async function deno(app) {
  const bin = path.join(HERE, 'node_modules', '.bin', 'deno')
  // Deno resolves bare specifiers from package.json's dependencies and node_modules.
  fs.writeFileSync(path.join(app, 'package.json'), '{"private": true, "dependencies": {"env-contract": "*"}}')
  fs.writeFileSync(path.join(app, 'deno.json'), '{"nodeModulesDir": "manual"}')
  for (const [label, vars, expected] of CASES) {
    // Part of the env in a file (envFiles), the rest given; a second file that does not exist.
    const { DATABASE_URL, PORT, ...given } = vars
    const file = path.join(app, '.env')
    fs.writeFileSync(file, `DATABASE_URL=${DATABASE_URL}\nPORT=${PORT}\n`)
    const r = spawnSync(
      bin,
      ['run', '--allow-read', '--allow-env', 'deno/main.mjs', 'contract.json', '.env', '.env.missing'],
      // The fallback (the tarball holds a native build when one was built here: not this test's).
      {
        cwd: app,
        input: JSON.stringify(given),
        encoding: 'utf8',
        env: { ...process.env, ENV_CONTRACT_BACKEND: 'wasm' },
      },
    )
    assertNoSecret(r.stdout + r.stderr, `Deno (${label})`)
    assert.equal(r.status, 0, r.stderr)
    const out = JSON.parse(r.stdout.trim().split('\n').pop())
    assert.equal(out.backend, 'wasm')
    assert.deepEqual(errorsOf(out.report), expected, `Deno (${label}): ${r.stdout}`)
    assert.deepEqual(out.missing, { kind: 'io', file: 'no-such.contract.json' })
    log(`Deno: ${label}: ${JSON.stringify(errorsOf(out.report))}`)
  }
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'env-contract-edge-'))
try {
  log(`npm pack ${PACKAGE} + install into ${tmp}`)
  const app = install(tmp)
  await worker(app)
  await browser(app)
  await deno(app)
  log('all passed')
} finally {
  if (process.env.KEEP_TMP === '1') log(`kept ${tmp}`)
  else fs.rmSync(tmp, { recursive: true, force: true })
}
