// next.config.ts: withEnvContract checks with phase 'build' during `next build` (client
// variables in full, since they are inlined into the bundle; a missing server-only secret is
// only a warning, for image builds without secrets) and 'runtime' otherwise.
import type { NextConfig } from 'next'
import { withEnvContract } from 'env-contract/next'

export default withEnvContract(
  (phase: string): NextConfig => ({
    output: 'standalone',
    poweredByHeader: false,
    // The readiness route (app/health/ready/route.ts) reads ./env.contract.json at request time:
    // copy it into .next/standalone, whose server.js runs from there.
    outputFileTracingIncludes: { '/health/ready': ['./env.contract.json'] },
  }),
)
