'use strict'
// Every enum of the core that crosses into JS (core/src/enums.rs, through the addon's
// enumNames()) is a union of the same names, in the same order, in index.d.ts. On drift the
// failure prints the declaration to paste.
const assert = require('node:assert/strict')
const fs = require('node:fs')
const path = require('node:path')
const test = require('node:test')
const { PKG } = require('./helpers.cjs')
const native = require(path.join(PKG, 'native.js'))

const DTS = path.join(PKG, 'index.d.ts')

/** The declaration to paste for a union of these names. */
function declaration(name, values) {
  const members = values.map((v) => `'${v}'`)
  const one = `export type ${name} = ${members.join(' | ')}`
  return one.length <= 100 ? one : `export type ${name} =\n${members.map((m) => `  | ${m}`).join('\n')}`
}

/** The string members of `export type NAME = …` in the declarations, or null. */
function union(dts, name) {
  const m = dts.match(new RegExp(`^export type ${name} =([\\s\\S]*?)(?:\\n\\s*\\n|$(?![\\s\\S]))`, 'm'))
  if (!m) return null
  return [...m[1].matchAll(/'([^']*)'/g)].map((x) => x[1])
}

const enums = JSON.parse(native.enumNames())

test('the core names the enums that cross into JS', () => {
  assert.deepEqual(Object.keys(enums), [
    'ProblemCode',
    'Severity',
    'Phase',
    'DocsFormat',
    'ContractErrorKind',
    'LogFormat',
  ])
  for (const values of Object.values(enums)) assert.ok(values.length >= 2)
})

const dts = fs.readFileSync(DTS, 'utf8')
for (const [name, values] of Object.entries(enums)) {
  test(`index.d.ts: ${name} is the core's list`, () => {
    const got = union(dts, name)
    assert.deepEqual(
      got,
      values,
      `index.d.ts: ${name} differs from the core's list; paste:\n${declaration(name, values)}`,
    )
  })
}

test('the drift message is the declaration to paste', () => {
  assert.equal(declaration('Phase', ['build', 'runtime']), "export type Phase = 'build' | 'runtime'")
  assert.equal(union("export type Phase = 'build' | 'runtime'\n", 'Phase').join(), 'build,runtime')
  assert.equal(union(declaration('K', enums.ContractErrorKind), 'K').join(), enums.ContractErrorKind.join())
  assert.equal(union('export type Other = 1', 'Phase'), null)
})

test("every phase and docs format of the core is accepted by the package's options", () => {
  // index.js checks these options before the addon sees them: its lists must be the core's.
  const { validateEnv, renderDocs } = require(PKG)
  const contract = { type: 'object', properties: {} }
  for (const phase of enums.Phase) assert.equal(validateEnv({ contract, env: {}, phase }).ok, true, phase)
  for (const format of enums.DocsFormat) assert.equal(typeof renderDocs({ contract, format }), 'string', format)
  assert.throws(() => validateEnv({ contract, env: {}, phase: 'deploy' }), TypeError)
  assert.throws(() => renderDocs({ contract, format: 'html' }), TypeError)
})
