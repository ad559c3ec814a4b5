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
