// The "Plain Node" block of docs/node.md runs as written (the Next.js snippets there are the
// files of examples/nextjs, which examples/nextjs/test.mjs runs).
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import test from 'node:test'

const PACKAGE = path.join(import.meta.dirname, '..')
const DOC = path.join(PACKAGE, '..', 'docs', 'node.md')

test('docs/node.md: the plain Node block runs', () => {
  const md = fs.readFileSync(DOC, 'utf8')
  const block = md.split('## Plain Node')[1].match(/```js\n([\s\S]*?)```/)[1]
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'env-contract-docs-'))
  fs.mkdirSync(path.join(dir, 'node_modules'))
  fs.symlinkSync(PACKAGE, path.join(dir, 'node_modules', 'env-contract'), 'dir')
  fs.writeFileSync(
    path.join(dir, 'env.contract.json'),
    JSON.stringify({
      type: 'object',
      properties: { PORT: { $ref: 'env-contract:port', default: 3000 }, NAME: {} },
      required: ['NAME'],
    }),
  )
  fs.writeFileSync(path.join(dir, '.env'), 'NAME=app\n')
  fs.writeFileSync(path.join(dir, 'main.mjs'), block)
  // The block reads a .env file: the native addon's (the WebAssembly fallback has no file access).
  const env = { PATH: process.env.PATH, ENV_CONTRACT_BACKEND: 'native' }
  const out = execFileSync(process.execPath, ['main.mjs'], {
    cwd: dir,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // The startup line of assertEnv (console.info), then the block's own output.
  const lines = out.trim().split('\n')
  assert.match(
    lines[0],
    /^env-contract: ok: 2 variables checked, environment "development", contract env.contract.json: /,
  )
  assert.equal(lines[1], '3000')
})
