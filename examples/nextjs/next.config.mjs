// next.config.mjs: check the whole environment whenever Next.js loads its config
// (`next dev`, `next build`, `next start`). The build machine needs every variable.
import { assertEnv } from 'env-contract'

assertEnv()

/** @type {import('next').NextConfig} */
const nextConfig = {
  serverExternalPackages: ['env-contract'],
}

export default nextConfig
