'use strict'
// The shared env-file cases of tests/env-files/ (format: tests/README.md) through assertEnv's
// envFiles: the same values, warnings and bad lines as the Rust core, the CLI and Python.
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const test = require('node:test')
const { assertEnv, validateEnv, EnvFileError } = require('..')
const { tempDir, REPO } = require('./helpers.cjs')

const CASES = path.join(REPO, 'tests', 'env-files')
const KEYS = new Set(['description', 'files', 'env', 'expand', 'values', 'absent', 'warnings', 'error', 'not_in_error'])
const scratch = tempDir()

/** The contract every front runs a case through: passes exactly on `values` and no `absent`. */
function contractOf(c) {
  const properties = {}
  for (const [k, v] of Object.entries(c.values || {})) properties[k] = { type: 'string', 'x-empty': 'value', const: v }
  for (const k of c.absent || []) properties[k] = { type: 'string', 'x-empty': 'value', const: '\u0000absent' }
  return { type: 'object', properties, required: Object.keys(c.values || {}) }
}

const names = fs
  .readdirSync(CASES)
  .filter((f) => f.endsWith('.json'))
  .sort()
assert.ok(names.length >= 15, `expected the env-file cases in ${CASES}`)
// On both backends: the WebAssembly fallback gets the files from index.js (core/src/files.rs).
for (const name of names) {
  const c = JSON.parse(fs.readFileSync(path.join(CASES, name), 'utf8'))
  test(`env-file case ${name}: ${c.description}`, () => {
    for (const k of Object.keys(c)) assert.ok(KEYS.has(k), `${name}: unknown key ${k}`)
    const dir = fs.mkdtempSync(path.join(scratch, 'case-'))
    const files = c.files.map((text, i) => {
      const f = path.join(dir, `${i}.env`)
      if (text !== null) fs.writeFileSync(f, text)
      return f
    })
    // Always an explicit env: the process environment is never a layer of a case.
    const options = { contract: contractOf(c), env: c.env || {}, envFiles: files, envExpand: c.expand === true }
    if (c.error) {
      assert.throws(
        () => validateEnv(options),
        (e) => {
          assert.ok(e instanceof EnvFileError, String(e))
          assert.equal(e.path, files[c.error.file])
          assert.deepEqual(
            e.lines.map((l) => [l.line, l.column]),
            c.error.lines,
            e.message,
          )
          for (const [line, column] of c.error.lines) {
            assert.ok(e.message.includes(`${files[c.error.file]}:${line}:${column}: `), e.message)
          }
          for (const s of c.not_in_error || []) {
            assert.ok(!e.message.includes(s) && !JSON.stringify(e.lines).includes(s), e.message)
          }
          return true
        },
      )
      return
    }
    const warned = []
    const original = console.warn
    console.warn = (line) => warned.push(String(line))
    let values
    try {
      values = assertEnv(options)
    } finally {
      console.warn = original
    }
    for (const [k, v] of Object.entries(c.values || {})) assert.equal(values[k], v, k)
    for (const k of c.absent || []) assert.ok(!(k in values), `${k} is set`)
    const fileWarnings = warned.filter((w) => w.startsWith('env-contract: warning: '))
    assert.equal(fileWarnings.length, (c.warnings || []).length, warned.join('\n'))
    ;(c.warnings || []).forEach((want, i) => {
      const w = fileWarnings[i]
      assert.ok(w.includes(want.key) && w.includes(`line ${want.lines[0]}`) && w.includes(`line ${want.lines[1]}`), w)
    })
  })
}

test('envExpand must be a boolean', () => {
  assert.throws(() => validateEnv({ contract: { type: 'object' }, env: {}, envExpand: 'yes' }), TypeError)
})
