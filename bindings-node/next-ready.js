'use strict'
// env-contract/next/ready: a Next.js App Router route handler for a readiness endpoint, with
// the FastAPI router's contract (core/src/ready.rs decides): 200 `ok`, 200 `degraded` (warnings
// only, or ENV_CONTRACT_SKIP on), 503 `error` with codes and variable names, never values.
//
//   // app/health/ready/route.ts
//   export { GET } from 'env-contract/next/ready'
//   export const dynamic = 'force-dynamic'
//
// Each request checks the live environment (the compiled contract is cached in core). `GET`
// reads ./env.contract.json from the working directory; createReadyHandler(options) takes the
// options of validateEnv (an imported contract object, an environment, …).

const { readiness } = require('./index.js')

/** A `GET` handler answering with `readiness(options)` as JSON, never cached. */
function createReadyHandler(options) {
  // Validate the options once, at import, so a typo fails the build, not the first probe.
  if (options !== undefined && (options === null || typeof options !== 'object')) {
    throw new TypeError('env-contract: createReadyHandler(options): options must be an object')
  }
  return async function GET() {
    const { status, body } = readiness(options)
    return Response.json(body, { status, headers: { 'cache-control': 'no-store' } })
  }
}

const GET = createReadyHandler()

module.exports = { GET, createReadyHandler, readiness }
