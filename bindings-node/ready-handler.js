'use strict'
// The readiness route handler of env-contract/next/ready over a `readiness` function: the Node
// entry's (next-ready.js) or the Edge runtime's (next-ready-edge.mjs). The status and the body
// are core's (core/src/ready.rs); this only wraps them in a Response.

function readyHandlers(readiness) {
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
  return { GET: createReadyHandler(), createReadyHandler, readiness }
}

module.exports = { readyHandlers }
