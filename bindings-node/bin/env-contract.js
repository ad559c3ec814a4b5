#!/usr/bin/env node
'use strict'
// `npx env-contract …`: the command line of the Rust core, run through the addon.
// `--version` also says which backend the package uses here (native or wasm); the command line
// itself needs the native addon (it reads files and the process environment), so on the
// WebAssembly fallback it explains that instead of running.
const backend = require('../native.js')
const args = process.argv.slice(2)

if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  const { version } = require('../package.json')
  console.log(`env-contract ${version} (backend: ${backend.backend})`)
  process.exit(0)
}
if (backend.backend !== 'native') {
  console.error(
    'env-contract: the command line needs the native addon, and no native binary fits this platform ' +
      '(the JS API runs here on the WebAssembly build). Use the standalone CLI archive of the release, ' +
      'or build the addon from a clone of the repository (`npm run build` in bindings-node).',
  )
  process.exit(2)
}
process.exit(backend.runCli(['env-contract', ...args]))
