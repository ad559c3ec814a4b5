'use strict'
// env-contract/next: withEnvContract(nextConfig, options?) checks the environment whenever
// Next.js loads its config: with phase 'build' during `next build` (client variables in
// full, they are inlined into the bundle; missing server-only ones are warnings) and
// 'runtime' otherwise (`next dev`, `next start`).

const { assertEnv } = require('./index.js')

const PHASE_PRODUCTION_BUILD = 'phase-production-build'
const PACKAGE = 'env-contract'

/** Lets app code (instrumentation.ts, route handlers) import the native addon unbundled. */
function withExternal(config) {
  const base = config ?? {}
  const external = base.serverExternalPackages ?? []
  if (external.includes(PACKAGE)) return base
  return { ...base, serverExternalPackages: [...external, PACKAGE] }
}

function withEnvContract(nextConfig, options) {
  const config = nextConfig ?? {}
  return function envContractConfig(phase, context) {
    const byNext = phase === PHASE_PRODUCTION_BUILD ? 'build' : 'runtime'
    assertEnv({ ...options, phase: (options && options.phase) ?? byNext })
    const resolved = typeof config === 'function' ? config(phase, context) : config
    if (resolved && typeof resolved.then === 'function') return resolved.then(withExternal)
    return withExternal(resolved)
  }
}

module.exports = { withEnvContract, PHASE_PRODUCTION_BUILD }
