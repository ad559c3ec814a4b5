// next.config.mjs of an app that stays up on a bad environment and reports it on its readiness
// route instead (an orchestrator's readiness probe keeps traffic away until it answers 200):
// no check at config load and no instrumentation.ts; app/health/ready/route.ts answers 503,
// naming the variables and codes, while the environment does not meet the contract.
/** @type {import('next').NextConfig} */
const nextConfig = {
  output: 'standalone',
  serverExternalPackages: ['env-contract'],
  // The route reads ./env.contract.json at request time: copy it into .next/standalone.
  outputFileTracingIncludes: { '/health/ready': ['./env.contract.json'] },
}

export default nextConfig
