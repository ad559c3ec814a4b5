'use strict'
// What bundles for the Edge runtime, browsers and web workers get instead of the package:
// the native addon cannot load there. Importing is harmless (Next.js compiles
// instrumentation.ts for the Edge runtime too); using anything throws a clear error.

const MESSAGE =
  'env-contract cannot run in the Edge runtime or in a browser: it is a native Node.js addon. ' +
  'Check the environment in next.config.* (withEnvContract) or in instrumentation.ts inside ' +
  "`if (process.env.NEXT_RUNTIME === 'nodejs')`, and import env-contract only from Node.js code."

function unavailable() {
  throw new Error(MESSAGE)
}

class EnvContractError extends Error {}
class ContractError extends Error {}
class EnvFileError extends Error {}

module.exports = {
  assertEnv: unavailable,
  validateEnv: unavailable,
  renderDocs: unavailable,
  withEnvContract: unavailable,
  EnvContractError,
  ContractError,
  EnvFileError,
  PROBLEM_CODES: Object.freeze([]),
}
