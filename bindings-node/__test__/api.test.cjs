'use strict'
// assertEnv / validateEnv / renderDocs: options, errors, warnings, frozen values, the cache.
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const test = require('node:test')
const {
  assertEnv,
  validateEnv,
  renderDocs,
  EnvContractError,
  ContractError,
  EnvFileError,
  PROBLEM_CODES,
} = require('..')
const native = require('../native.js')
const { random, tempDir, REPO } = require('./helpers.cjs')

const CONTRACT = {
  type: 'object',
  properties: {
    PORT: { type: 'integer', default: 3000 },
    DEBUG: { type: 'boolean' },
    HOSTS: { type: 'array', items: { type: 'string' } },
    NEXTAUTH_SECRET: { type: 'string', minLength: 32, 'x-secret': true, description: 'Signs sessions' },
    OLD_NAME: { type: 'string', 'x-deprecated-by': 'NEW_NAME' },
    NEW_NAME: { type: 'string' },
  },
  required: ['NEXTAUTH_SECRET'],
}

test('assertEnv returns typed, coerced values, defaults filled in, deeply frozen', () => {
  const env = { NEXTAUTH_SECRET: random(40), DEBUG: 'yes', HOSTS: 'a.example, b.example' }
  const values = assertEnv({ contract: CONTRACT, env })
  assert.equal(values.PORT, 3000)
  assert.equal(values.DEBUG, true)
  assert.deepEqual([...values.HOSTS], ['a.example', 'b.example'])
  assert.ok(Object.isFrozen(values))
  assert.ok(Object.isFrozen(values.HOSTS))
  assert.throws(() => {
    'use strict'
    values.PORT = 1
  }, TypeError)
})

test('assertEnv freezes a JSON object value and everything inside it', () => {
  const contract = { type: 'object', properties: { FLAGS: { type: 'object' }, NAME: { type: 'string' } } }
  const env = { FLAGS: '{"beta": {"rollout": [10, {"region": "eu"}]}}', NAME: 'app' }
  const values = assertEnv({ contract, env, logger: false })
  assert.equal(values.FLAGS.beta.rollout[1].region, 'eu')
  for (const inner of [
    values,
    values.FLAGS,
    values.FLAGS.beta,
    values.FLAGS.beta.rollout,
    values.FLAGS.beta.rollout[1],
  ]) {
    assert.ok(Object.isFrozen(inner))
  }
})

test('EnvContractError lists every problem, one per line, with code and report', () => {
  const env = { DEBUG: 'maybe', PORT: 'eighty' }
  try {
    assertEnv({ contract: CONTRACT, env })
  } catch (e) {
    assert.ok(e instanceof EnvContractError)
    assert.ok(e instanceof Error)
    assert.equal(e.name, 'EnvContractError')
    assert.equal(e.code, 'ENV_CONTRACT_INVALID')
    assert.equal(e.report.ok, false)
    assert.equal(e.problems, e.report.problems)
    const lines = e.message.split('\n')
    assert.equal(lines.length, 1 + e.problems.length)
    for (const name of ['NEXTAUTH_SECRET', 'DEBUG', 'PORT']) {
      assert.ok(
        lines.some((l) => l.includes(name)),
        `${name} in\n${e.message}`,
      )
    }
    for (const p of e.problems) {
      assert.deepEqual(Object.keys(p).sort(), ['code', 'hint', 'message', 'severity', 'var'])
      assert.ok(PROBLEM_CODES.includes(p.code))
    }
    return
  }
  assert.fail('assertEnv did not throw')
})

test('validateEnv returns the report and never throws for environment problems', () => {
  const report = validateEnv({ contract: CONTRACT, env: {} })
  assert.equal(report.ok, false)
  assert.equal(report.environment, 'development')
  assert.deepEqual(Object.keys(report).sort(), ['checked', 'environment', 'ok', 'problems'])
  assert.deepEqual(
    report.problems.map((p) => [p.var, p.code, p.severity]),
    [['NEXTAUTH_SECRET', 'missing', 'error']],
  )
})

test('environment option and phase option reach the core', () => {
  const contract = {
    type: 'object',
    properties: { DATABASE_URL: { type: 'string', 'x-secret': true }, NEXT_PUBLIC_URL: { type: 'string' } },
    required: ['DATABASE_URL', 'NEXT_PUBLIC_URL'],
    'x-environments': { staging: { 'x-warn': ['NEXT_PUBLIC_URL'] } },
  }
  const build = validateEnv({ contract, env: {}, phase: 'build' })
  assert.deepEqual(
    build.problems.map((p) => [p.var, p.severity]),
    [
      ['DATABASE_URL', 'warning'],
      ['NEXT_PUBLIC_URL', 'error'],
    ],
  )
  const runtime = validateEnv({ contract, env: {}, phase: 'runtime' })
  assert.deepEqual(
    runtime.problems.map((p) => p.severity),
    ['error', 'error'],
  )
  const staging = validateEnv({ contract, env: {}, environment: 'staging' })
  assert.equal(staging.environment, 'staging')
  assert.deepEqual(
    staging.problems.map((p) => [p.var, p.severity]),
    [
      ['DATABASE_URL', 'error'],
      ['NEXT_PUBLIC_URL', 'warning'],
    ],
  )
})

test('a non-string env value is a TypeError naming the key; undefined counts as unset', () => {
  for (const bad of [42, null, true, {}, ['x']]) {
    assert.throws(
      () => assertEnv({ contract: CONTRACT, env: { NEXTAUTH_SECRET: random(40), PORT: bad } }),
      (e) => {
        assert.ok(e instanceof TypeError)
        assert.match(e.message, /PORT/)
        return true
      },
    )
  }
  const values = assertEnv({ contract: CONTRACT, env: { NEXTAUTH_SECRET: random(40), PORT: undefined } })
  assert.equal(values.PORT, 3000)
})

test('options of the wrong type or unknown options are TypeErrors', () => {
  assert.throws(() => assertEnv({ contract: CONTRACT, enviroment: 'production' }), /unknown option "enviroment"/)
  assert.throws(() => assertEnv({ contract: 42 }), TypeError)
  assert.throws(() => assertEnv({ contract: CONTRACT, phase: 'deploy' }), TypeError)
  assert.throws(() => assertEnv({ contract: CONTRACT, envFiles: '.env' }), TypeError)
  assert.throws(() => assertEnv({ contract: CONTRACT, onWarning: 'log' }), TypeError)
})

test('without env, the native side reads the process environment (including changes made from JS)', () => {
  const name = `EC_TEST_${random(6).toUpperCase()}`
  const contract = { type: 'object', properties: { [name]: { type: 'integer' } }, required: [name] }
  assert.equal(validateEnv({ contract }).ok, false)
  process.env[name] = '7'
  try {
    assert.equal(assertEnv({ contract })[name], 7)
  } finally {
    delete process.env[name]
  }
  assert.equal(validateEnv({ contract }).ok, false)
})

test('contract paths are relative to the working directory; env.contract.json is the default', () => {
  const dir = tempDir()
  fs.mkdirSync(path.join(dir, 'config'))
  fs.writeFileSync(
    path.join(dir, 'env.contract.json'),
    JSON.stringify({ type: 'object', properties: { A: { type: 'integer', default: 1 } } }),
  )
  fs.writeFileSync(
    path.join(dir, 'config', 'env.contract.json'),
    JSON.stringify({ type: 'object', properties: { B: { type: 'integer', default: 2 } } }),
  )
  const cwd = process.cwd()
  process.chdir(dir)
  try {
    assert.equal(assertEnv({ env: {} }).A, 1)
    assert.equal(assertEnv({ contract: 'config/env.contract.json', env: {} }).B, 2)
    assert.equal(assertEnv({ contract: new URL(`file://${path.join(dir, 'env.contract.json')}`), env: {} }).A, 1)
  } finally {
    process.chdir(cwd)
  }
})

test('envFiles are a base layer under env: later files win, env wins over all, missing files are skipped', () => {
  const dir = tempDir()
  const a = path.join(dir, '.env')
  const b = path.join(dir, '.env.local')
  fs.writeFileSync(a, 'X=from-a\nY=from-a\nZ=from-a\n')
  fs.writeFileSync(b, 'Y=from-b\nZ=from-b\n')
  const contract = { type: 'object', properties: { X: {}, Y: {}, Z: {} } }
  const values = assertEnv({ contract, env: { Z: 'from-env' }, envFiles: [a, b, path.join(dir, '.env.missing')] })
  assert.deepEqual({ ...values }, { X: 'from-a', Y: 'from-b', Z: 'from-env' })
  fs.writeFileSync(b, 'this is not a dotenv line\n')
  assert.throws(
    () => assertEnv({ contract, env: {}, envFiles: [b] }),
    (e) =>
      e instanceof EnvFileError &&
      e.code === 'ENV_CONTRACT_ENV_FILE' &&
      e.path === b &&
      !e.message.includes('dotenv line'),
  )
})

test('ContractError carries kind and location (file, line, column) for a broken contract file', () => {
  const dir = tempDir()
  const file = path.join(dir, 'env.contract.json')
  fs.writeFileSync(file, '{\n  "type": "object",\n  "properties": {,}\n}\n')
  assert.throws(
    () => assertEnv({ contract: file, env: {} }),
    (e) => {
      assert.ok(e instanceof ContractError)
      assert.equal(e.name, 'ContractError')
      assert.equal(e.code, 'ENV_CONTRACT_BAD_CONTRACT')
      assert.equal(e.kind, 'json')
      // On both backends (the WebAssembly build gets the file from index.js, with its path).
      assert.deepEqual(e.location, { file, line: 3, column: 18, pointer: null })
      assert.ok(e.message.includes(`${file}:3:18`) || e.message.includes('line 3, column 18'), e.message)
      return true
    },
  )
  assert.throws(
    () => validateEnv({ contract: path.join(dir, 'nope.json'), env: {} }),
    (e) => e instanceof ContractError && e.kind === 'io',
  )
  assert.throws(
    () => validateEnv({ contract: { type: 'object', properties: { NEXT_PUBLIC_K: { 'x-secret': true } } }, env: {} }),
    (e) => e instanceof ContractError && e.kind === 'secret-client' && e.location.pointer !== null,
  )
})

test('patterns are ECMA-262 on the linear-time engine: what it cannot run is a ContractError saying why', () => {
  const contract = (pattern) => ({ type: 'object', properties: { A: { type: 'string', pattern } } })
  // ECMA-262's \d is ASCII, and general categories work.
  assert.equal(validateEnv({ contract: contract('^\\d+$'), env: { A: '\u0661' } }).problems[0].code, 'pattern')
  assert.equal(validateEnv({ contract: contract('^\\p{Lu}'), env: { A: 'Ab' } }).ok, true)
  for (const [pattern, why] of [
    ['^(?=a)', 'look-around'],
    ['(a)\\1', 'back-reference'],
    ['\\p{Script=Greek}', 'general categories'],
    ['[a-', 'ECMA-262'],
  ]) {
    assert.throws(
      () => validateEnv({ contract: contract(pattern), env: {} }),
      (e) =>
        e instanceof ContractError &&
        e.kind === 'pattern' &&
        e.location.pointer === '/properties/A/pattern' &&
        e.message.includes(why),
      pattern,
    )
  }
})

test('warnings go to console.warn once per process, or to onWarning', (t) => {
  const contract = { type: 'object', properties: { OLD_X: { 'x-deprecated-by': 'NEW_X' }, NEW_X: {} } }
  const printed = []
  t.mock.method(console, 'warn', (...args) => printed.push(args.join(' ')))
  assertEnv({ contract, env: { OLD_X: 'v' } })
  assertEnv({ contract, env: { OLD_X: 'v' } })
  // The head line (degraded: a warning), then the warning; each once per process.
  assert.equal(printed.length, 2)
  assert.match(printed[0], /^env-contract: degraded: 2 variables checked, /)
  assert.match(printed[1], /^env-contract: \[WARN\] OLD_X deprecated: /)
  const seen = []
  assertEnv({ contract, env: { OLD_X: 'v' }, onWarning: (p) => seen.push(p) })
  assert.equal(printed.length, 2)
  assert.deepEqual(
    seen.map((p) => [p.var, p.code, p.severity]),
    [['OLD_X', 'deprecated', 'warning']],
  )
})

test('ENV_CONTRACT_SKIP (1, true, yes) lets assertEnv through with a loud warning naming each problem', (t) => {
  const printed = []
  t.mock.method(console, 'warn', (...args) => printed.push(args.join(' ')))
  for (const flag of ['1', 'true', 'YES']) {
    process.env.ENV_CONTRACT_SKIP = flag
    try {
      // Core's policy (core/src/skip.rs): the check runs, the values are what it produced
      // (the raw string where coercion failed), and validateEnv still reports.
      const values = assertEnv({ contract: CONTRACT, env: { PORT: 'not a number' } })
      assert.equal(values.PORT, 'not a number')
      assert.ok(Object.isFrozen(values))
      assert.equal(validateEnv({ contract: CONTRACT, env: { PORT: 'not a number' } }).ok, false)
    } finally {
      delete process.env.ENV_CONTRACT_SKIP
    }
  }
  assert.equal(printed.length, 3)
  assert.match(
    printed[0],
    /ENV_CONTRACT_SKIP is set: the environment is NOT enforced against the contract given as an object/,
  )
  assert.match(printed[0], /\n {2}- \[FAIL\] PORT type: /)
  process.env.ENV_CONTRACT_SKIP = '0'
  try {
    assert.throws(() => assertEnv({ contract: CONTRACT, env: {} }), EnvContractError)
  } finally {
    delete process.env.ENV_CONTRACT_SKIP
  }
})

test('the contract cache: a second call with the same contract does not recompile', () => {
  const dir = tempDir()
  const file = path.join(dir, 'env.contract.json')
  fs.writeFileSync(file, JSON.stringify({ type: 'object', properties: { A: { default: 'one' } } }))
  const before = native.cacheStats()
  assert.equal(assertEnv({ contract: file, env: {} }).A, 'one')
  const first = native.cacheStats()
  assert.equal(first.misses, before.misses + 1)
  assert.equal(assertEnv({ contract: file, env: {} }).A, 'one')
  const second = native.cacheStats()
  assert.equal(second.misses, first.misses)
  assert.equal(second.hits, first.hits + 1)
  // Same path, new content: compiled again (keyed by path and content).
  fs.writeFileSync(file, JSON.stringify({ type: 'object', properties: { A: { default: 'two' } } }))
  assert.equal(assertEnv({ contract: file, env: {} }).A, 'two')
  assert.equal(native.cacheStats().misses, second.misses + 1)
  // Contract objects are keyed by content too.
  const obj = { type: 'object', properties: { [`C_${random(8)}`]: {} } }
  validateEnv({ contract: obj, env: {} })
  const third = native.cacheStats()
  validateEnv({ contract: { ...obj }, env: {} })
  assert.equal(native.cacheStats().misses, third.misses)
})

test('a contract object is serialised once, then frozen, and checked by id', () => {
  const name = `OBJ_${random(8)}`
  let serialised = 0
  const plain = { type: 'object', required: [name], properties: { [name]: { type: 'integer' } } }
  const contract = {
    ...plain,
    toJSON() {
      serialised++
      return plain
    },
  }
  assert.equal(validateEnv({ contract, env: { [name]: '1' } }).ok, true)
  assert.equal(validateEnv({ contract, env: { [name]: 'x' } }).problems[0].code, 'type')
  assert.equal(assertEnv({ contract, env: { [name]: '2' }, logger: false })[name], 2)
  assert.equal(serialised, 1, 'JSON.stringify ran once, on the first call')
  assert.ok(Object.isFrozen(contract) && Object.isFrozen(contract.properties[name]), 'deep-frozen')
  assert.throws(() => {
    contract.properties[name].type = 'string'
  }, TypeError)
  // Past 64 distinct contracts core's cache starts over and forgets the id: the text goes again.
  for (let i = 0; i < 70; i++) validateEnv({ contract: { type: 'object', title: `t${i}_${name}` }, env: {} })
  assert.equal(validateEnv({ contract, env: { [name]: 'x' } }).problems[0].code, 'type')
  assert.equal(serialised, 1)
  assert.match(renderDocs({ contract, format: 'env-example' }), new RegExp(name))
})

test('assertEnv returns the same frozen values while they are the same, new ones when they change', () => {
  const util = require('node:util')
  const [a, b] = [`KEPT_${random(8)}`, `KEPT_${random(8)}`]
  const contract = { type: 'object', properties: { [a]: { type: 'integer' }, [b]: { type: 'string' } } }
  const secret = random(24)
  const env = { [a]: '1', [b]: secret }
  const first = assertEnv({ contract, env, logger: false })
  assert.equal(assertEnv({ contract, env, logger: false }), first, 'the same values: the same object')
  assert.equal(assertEnv({ contract, env: { ...env }, logger: false }), first, 'an equal env object')
  // Each change a check can see gives new values: a value, a variable unset, a name masked.
  env[a] = '2'
  const changed = assertEnv({ contract, env, logger: false })
  assert.notEqual(changed, first)
  assert.deepEqual([changed[a], first[a]], [2, 1])
  delete env[a]
  assert.equal(Object.hasOwn(assertEnv({ contract, env, logger: false }), a), false)
  const masking = { ...contract, properties: { ...contract.properties, [b]: { type: 'string', 'x-secret': true } } }
  const masked = assertEnv({ contract: masking, env, logger: false })
  assert.equal(masked[b], secret)
  assert.doesNotMatch(util.inspect(masked), new RegExp(secret.slice(0, 8)))
  assert.equal(assertEnv({ contract: masking, env, logger: false }), masked)
  // Back to values returned before: an equal object, frozen and masked as they were.
  env[a] = '1'
  const again = assertEnv({ contract, env, logger: false })
  assert.notEqual(again, first)
  assert.deepEqual({ ...again }, { ...first })
  assert.ok(Object.isFrozen(again))
})

test('a composed contract file: cached while every file is unchanged, compiled again when one changes', () => {
  // On both backends: the WebAssembly build gets each file it takes in from index.js.
  const dir = tempDir()
  const base = path.join(dir, 'base.contract.json')
  const file = path.join(dir, 'env.contract.json')
  const baseWith = (value) => JSON.stringify({ type: 'object', properties: { B: { default: value } } })
  fs.writeFileSync(base, baseWith('one'))
  fs.writeFileSync(file, JSON.stringify({ 'x-extends': './base.contract.json', type: 'object' }))
  assert.equal(assertEnv({ contract: file, env: {} }).B, 'one')
  const warm = native.cacheStats()
  assert.equal(assertEnv({ contract: file, env: {} }).B, 'one')
  assert.equal(native.cacheStats().hits, warm.hits + 1)
  fs.writeFileSync(base, baseWith('two'))
  assert.equal(assertEnv({ contract: file, env: {} }).B, 'two')
  assert.equal(native.cacheStats().misses, warm.misses + 1)
  assert.match(renderDocs({ contract: file, format: 'dts' }), /\bB\b/)
  fs.rmSync(base)
  assert.throws(
    () => validateEnv({ contract: file, env: {} }),
    (e) => e instanceof ContractError && e.kind === 'ref' && e.location.file === file,
  )
})

test('renderDocs renders the contract in each format', () => {
  for (const format of ['markdown', 'env-example', 'dts']) {
    assert.equal(typeof renderDocs({ contract: CONTRACT, format }), 'string')
  }
  assert.throws(() => renderDocs({ contract: CONTRACT, format: 'html' }), TypeError)
  assert.throws(() => renderDocs({ contract: { type: 'object', required: ['NOPE'] } }), ContractError)
})

test('PROBLEM_CODES come from the core and equal the ProblemCode union of index.d.ts', () => {
  assert.deepEqual([...PROBLEM_CODES], native.problemCodes())
  const dts = fs.readFileSync(path.join(__dirname, '..', 'index.d.ts'), 'utf8')
  const union = dts.match(/export type ProblemCode =([\s\S]*?)\n\n/)[1]
  const codes = [...union.matchAll(/'([a-z-]+)'/g)].map((m) => m[1])
  assert.deepEqual(
    codes,
    [...PROBLEM_CODES],
    `paste into index.d.ts:\n${PROBLEM_CODES.map((c) => `  | '${c}'`).join('\n')}`,
  )
  assert.ok(Object.isFrozen(PROBLEM_CODES))
})

test('the meta-schema ships at schema/env-contract.schema.json', () => {
  const shipped = path.join(__dirname, '..', 'schema', 'env-contract.schema.json')
  assert.equal(
    fs.readFileSync(shipped, 'utf8'),
    fs.readFileSync(path.join(REPO, 'schema', 'env-contract.schema.json'), 'utf8'),
  )
  assert.equal(require.resolve('env-contract/schema/env-contract.schema.json'), shipped)
})
