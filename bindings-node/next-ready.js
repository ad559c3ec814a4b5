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
// options of validateEnv (an imported contract object, an environment, …). In the Edge runtime
// (the `edge-light` condition: next-ready-edge.mjs) there is no file to read: pass the
// imported contract, `export const GET = createReadyHandler({ contract })`.

const { readiness } = require('./index.js')
const { readyHandlers } = require('./ready-handler.js')

module.exports = readyHandlers(readiness)
