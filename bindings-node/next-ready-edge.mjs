// env-contract/next/ready in the Edge runtime (the `edge-light` condition): the same handler
// over the WebAssembly build. There is no file system: `GET` alone answers the TypeError that
// says to import the contract; use `createReadyHandler({ contract })`.
//
//   // app/health/ready/route.ts
//   import { createReadyHandler } from 'env-contract/next/ready'
//   import contract from '../../../env.contract.json'
//   export const runtime = 'edge'
//   export const dynamic = 'force-dynamic'
//   export const GET = createReadyHandler({ contract })
import { readiness } from './edge-light.mjs'
import handlers from './ready-handler.js'

export const { GET, createReadyHandler } = handlers.readyHandlers(readiness)
export { readiness }
export default { GET, createReadyHandler, readiness }
