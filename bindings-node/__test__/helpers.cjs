'use strict'
// Shared helpers of the tests: generated secrets, temp dirs, the 8-character-run check.
const crypto = require('node:crypto')
const fs = require('node:fs')
const os = require('node:os')
const path = require('node:path')

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'

/** N random ASCII letters and digits, new at every call. */
function random(n) {
  const bytes = crypto.randomBytes(n)
  let out = ''
  for (let i = 0; i < n; i++) out += ALPHANUM[bytes[i] % ALPHANUM.length]
  return out
}

/** Replaces `${random:N}` with N random alphanumerics (tests/README.md). */
function expandRandom(text) {
  return text.replace(/\$\{random:(\d+)\}/g, (_, n) => random(Number(n)))
}

function tempDir() {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'env-contract-node-'))
}

/** The first 8-character run of `secret` found in `text`, or null. */
function leakedRun(text, secret) {
  for (let i = 0; i + 8 <= secret.length; i++) {
    const run = secret.slice(i, i + 8)
    if (text.includes(run)) return run
  }
  return null
}

const REPO = path.join(__dirname, '..', '..')

/** The package under test: this directory, or an installed copy (ENV_CONTRACT_PACKAGE, used by
 * the release tests to run the shared cases through what `npm install` put in node_modules). */
const PKG = process.env.ENV_CONTRACT_PACKAGE
  ? path.resolve(process.env.ENV_CONTRACT_PACKAGE)
  : path.join(__dirname, '..')

module.exports = { random, expandRandom, tempDir, leakedRun, REPO, PKG }
