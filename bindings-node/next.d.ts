import type { EnvContractOptions } from './index'

/** The phase Next.js passes to a config function during `next build`. */
export declare const PHASE_PRODUCTION_BUILD: 'phase-production-build'

// biome-ignore lint/suspicious/noExplicitAny: the context Next.js passes; this package does not read it
type ConfigContext = { defaultConfig: any }

// `object &` keeps the constraint from being a weak type: a config without
// serverExternalPackages (`{ reactStrictMode: true }`) is accepted; a wrong one is not.
/**
 * Wraps a Next.js config (an object, or a phase function, sync or async): the environment is
 * checked whenever Next loads the config, with phase 'build' during `next build` and
 * 'runtime' otherwise, and `env-contract` is added to `serverExternalPackages`.
 */
export declare function withEnvContract<C extends object & { serverExternalPackages?: string[] }>(
  nextConfig: C | ((phase: string, context: ConfigContext) => C | Promise<C>),
  options?: EnvContractOptions,
): (phase: string, context: ConfigContext) => C | Promise<C>
