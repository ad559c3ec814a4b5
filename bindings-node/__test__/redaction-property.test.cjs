'use strict'
// Property test (fast-check, shrinking to a minimal case): whatever the secret, no
// 8-character run of it reaches err.message, err.stack, util.inspect(err), the report or a warning.
const assert = require('node:assert/strict')
const test = require('node:test')
const util = require('node:util')
const fc = require('fast-check')
const { assertEnv, validateEnv, EnvContractError, PROBLEM_CODES } = require('..')
const { leakedRun } = require('./helpers.cjs')

const CONTRACT = {
  type: 'object',
  properties: {
    S_LEN: { type: 'string', 'x-secret': true, minLength: 500 },
    S_PATTERN: { type: 'string', 'x-secret': true, pattern: '^Z{3}$' },
    S_FORMAT: { type: 'string', 'x-secret': true, format: 'email' },
    S_ENUM: { type: 'string', 'x-secret': true, enum: ['a', 'b'] },
    S_INT: { type: 'integer', 'x-secret': true },
    S_URL: {
      type: 'string',
      'x-secret': true,
      'x-url': { schemes: ['postgres'], port: 6432, allowCredentials: false },
    },
    S_STRIPE: { type: 'string', 'x-secret': true, 'x-stripe': 'secret' },
  },
  required: ['S_LEN'],
}

// Built from character sets, not fc.string: fast-check seeds strings with words such as
// "property" or "constructor", and a secret made of the library's own vocabulary proves nothing.
const chars = (set, min, max) =>
  fc.array(fc.constantFrom(...set), { minLength: min, maxLength: max }).map((a) => a.join(''))
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
const PRINTABLE = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('')
const alnum = chars(ALNUM, 8, 80)
const secrets = fc.oneof(
  alnum,
  chars(PRINTABLE, 8, 100),
  alnum.map((b) => `postgres://user:${b}@localhost:5432/db`),
  alnum.map((b) => 'sk_live_' + b),
  alnum.map((b) => `eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.${b}`),
)

// Problem codes are fixed public names (a URL on localhost vs the code url-localhost).
const codes = [...PROBLEM_CODES].sort((a, b) => b.length - a.length)
const masked = (text) => codes.reduce((t, c) => t.split(c).join('\u0001'), text)

test('no 8-character run of any generated secret in any surface', () => {
  fc.assert(
    fc.property(secrets, (secret) => {
      const env = Object.fromEntries(Object.keys(CONTRACT.properties).map((k) => [k, secret]))
      env.NEXT_PUBLIC_COPY = `x${secret}x`
      const warnings = []
      let error
      try {
        assertEnv({ contract: CONTRACT, env, onWarning: (w) => warnings.push(String(w?.message ?? w)) })
      } catch (e) {
        error = e
      }
      assert.ok(error instanceof EnvContractError)
      const report = validateEnv({ contract: CONTRACT, env })
      const surfaces = {
        message: error.message,
        stack: error.stack,
        inspect: util.inspect(error, { depth: 10 }),
        report: JSON.stringify(report),
        warnings: warnings.join('\n'),
      }
      for (const [name, text] of Object.entries(surfaces)) {
        const run = leakedRun(masked(text), secret)
        assert.equal(run, null, `${name} shows the run ${JSON.stringify(run)}`)
      }
    }),
    { numRuns: 150 },
  )
})

// What assertEnv returns: every printing path shows the secret values as core's mask, and every
// name and every other value as it is; reading a key gives the real value.
const { random } = require('./helpers.cjs')

const PRINT_CONTRACT = {
  type: 'object',
  'x-client-prefixes': ['NEXT_PUBLIC_'],
  properties: {
    API_SECRET: { type: 'string', 'x-secret': true },
    NESTED: { type: 'object', 'x-secret': true },
    KEYS: { type: 'array', 'x-secret': true },
    COPY: { type: 'string' }, // a copy of API_SECRET: found, so masked too
    DATABASE_URL: { type: 'string' }, // a URL password: masked, whatever its length
    NEXT_PUBLIC_STRIPE: { type: 'string' }, // a Stripe secret key the leak rule finds
    REGION: { type: 'string' },
    ORIGINS: { type: 'array', items: { type: 'string' } },
    SETTINGS: { type: 'object' }, // a nested object that is not secret: shown
    PORT: { type: 'integer', default: 3000 },
  },
}
const SECRET_NAMES = ['API_SECRET', 'NESTED', 'KEYS', 'COPY', 'DATABASE_URL', 'NEXT_PUBLIC_STRIPE']
const MASK = '[withheld]' // core's redact::MASK; the answer carries it, the test pins it

/** Every implicit way a user prints the values, by name (console.log and console.error captured). */
function printed(env, t) {
  const lines = []
  const capture = (...args) => lines.push(util.format(...args))
  const log = t.mock.method(console, 'log', capture)
  const error = t.mock.method(console, 'error', capture)
  try {
    console.log(env)
    console.log('config %o', env)
    console.log('config %O %s', env, env)
    console.error({ config: env, list: [env] })
  } finally {
    log.mock.restore()
    error.mock.restore()
  }
  return {
    console: lines.join('\n'),
    inspect: util.inspect(env),
    'inspect colors depth': util.inspect(env, { colors: true, depth: Infinity, showHidden: true }),
    'inspect nested': util.inspect({ a: { b: { env } } }, { depth: 6 }),
    'format %o': util.format('%o', env),
    'format %j': util.format('%j', env),
    'JSON.stringify': JSON.stringify(env),
    'JSON.stringify nested': JSON.stringify({ config: env }, null, 2),
  }
}

const publicMasked = (text, pieces) =>
  [...pieces].sort((a, b) => b.length - a.length).reduce((t, p) => t.split(p).join('\u0001'), text)

test('the values print every secret masked, every name and other value as it is', (t) => {
  fc.assert(
    fc.property(secrets, (secret) => {
      const password = random(5)
      const stripe = `sk_live_${random(30)}`
      const region = `eu-${random(12)}`
      const env = {
        API_SECRET: secret,
        NESTED: JSON.stringify({ inner: { key: secret }, list: [secret] }),
        KEYS: JSON.stringify([1, secret]),
        COPY: `x${secret}x`,
        DATABASE_URL: `postgres://app:${password}@db.internal:5432/app`,
        NEXT_PUBLIC_STRIPE: stripe,
        REGION: region,
        ORIGINS: 'https://a.example,https://b.example',
        SETTINGS: JSON.stringify({ retries: 7, mode: 'fast' }),
      }
      // The Stripe key in a client variable is an error: ENV_CONTRACT_SKIP lets the values through.
      const warned = []
      const warn = t.mock.method(console, 'warn', (...args) => warned.push(args.join(' ')))
      process.env.ENV_CONTRACT_SKIP = '1'
      let values
      try {
        values = assertEnv({ contract: PRINT_CONTRACT, env })
      } finally {
        delete process.env.ENV_CONTRACT_SKIP
        warn.mock.restore()
      }
      assert.match(warned.join('\n'), /\[FAIL\] NEXT_PUBLIC_STRIPE client-secret-leak/)
      const names = Object.keys(PRINT_CONTRACT.properties)
      const shown = [region, '3000', 'https://a.example', 'https://b.example', 'retries', 'fast']
      const pieces = [...names, ...shown, MASK, 'config', 'list', 'inner']
      for (const [name, text] of Object.entries(printed(values, t))) {
        const run = leakedRun(publicMasked(text, pieces), secret)
        assert.equal(run, null, `${name} shows the run ${JSON.stringify(run)}: ${text}`)
        assert.equal(leakedRun(text, stripe), null, `${name} shows the Stripe key the leak rule found`)
        assert.ok(!text.includes(`:${password}@`), `${name} shows the URL password`)
        for (const piece of [...names, ...shown]) assert.ok(text.includes(piece), `${name} does not show ${piece}`)
        assert.ok(text.includes(MASK), name)
      }
      const once = printed(values, t)
      assert.equal(once.inspect.split(MASK).length - 1, SECRET_NAMES.length, once.inspect)
      assert.equal(once['JSON.stringify'].split(`"${MASK}"`).length - 1, SECRET_NAMES.length)
      // Reads, and the explicit copies, give the real values; the object stays frozen.
      assert.equal(values.API_SECRET, secret)
      assert.deepEqual(values.NESTED, { inner: { key: secret }, list: [secret] })
      assert.deepEqual(values.KEYS, [1, secret])
      assert.equal(values.NEXT_PUBLIC_STRIPE, stripe)
      assert.deepEqual(Object.keys(values).sort(), [...names].sort())
      assert.equal({ ...values }.COPY, `x${secret}x`)
      assert.equal(structuredClone(values).API_SECRET, secret)
      assert.equal(Object.fromEntries(Object.entries(values)).DATABASE_URL, env.DATABASE_URL)
      assert.ok(Object.isFrozen(values) && Object.isFrozen(values.NESTED))
    }),
    { numRuns: 100 },
  )
})

test('a contract without secrets prints its values as they are; a variable named toJSON is kept', () => {
  const contract = {
    type: 'object',
    properties: { toJSON: { type: 'string' }, TOKEN: { type: 'string', 'x-secret': true }, N: { type: 'integer' } },
  }
  const token = random(24)
  const values = assertEnv({ contract, env: { toJSON: 'plain', TOKEN: token, N: '4' } })
  assert.equal(values.toJSON, 'plain')
  assert.equal(util.inspect(values), `{ N: 4, TOKEN: ${MASK}, toJSON: 'plain' }`)
  // docs/node.md: the variable wins over the hook, so JSON shows every value there.
  assert.equal(JSON.parse(JSON.stringify(values)).TOKEN, token)
  const plain = assertEnv({ contract: { type: 'object', properties: { N: { type: 'integer' } } }, env: { N: '4' } })
  assert.equal(util.inspect(plain), '{ N: 4 }')
  assert.equal(JSON.stringify(plain), '{"N":4}')
})
