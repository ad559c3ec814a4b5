'use strict'
// What `env-contract/next` gives bundles for the Edge runtime, browsers and Workers:
// withEnvContract wraps next.config.*, which only ever runs in Node.js. Importing is harmless
// (Next.js compiles instrumentation.ts for the Edge runtime too); calling it throws a clear
// error. The checks themselves run there: `import { assertEnv } from 'env-contract'` gets the
// WebAssembly build (docs/node.md).

const MESSAGE =
  'env-contract/next: withEnvContract belongs in next.config.*, which runs in Node.js, not in the ' +
  "Edge runtime or a browser. To check the environment there, use `import { assertEnv } from 'env-contract'`."

function withEnvContract() {
  throw new Error(MESSAGE)
}

module.exports = { withEnvContract, PHASE_PRODUCTION_BUILD: 'phase-production-build' }
