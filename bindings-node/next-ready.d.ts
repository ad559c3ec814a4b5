import type { Readiness, ReadinessOptions } from './index'

export type { Readiness, ReadinessBody, ReadinessOptions, ReadinessProblem } from './index'

/**
 * The readiness route handler: checks the live environment against `./env.contract.json` on
 * each request. 200 `{status: 'ok'}`, 200 `{status: 'degraded', problems}` (warnings only, or
 * ENV_CONTRACT_SKIP on), 503 `{status: 'error', problems}`; codes and names, never values.
 *
 * ```ts
 * // app/health/ready/route.ts
 * export { GET } from 'env-contract/next/ready'
 * export const dynamic = 'force-dynamic'
 * ```
 */
export declare function GET(): Promise<Response>

/** A `GET` handler like `GET`, with the options of `validateEnv` (e.g. an imported contract). */
export declare function createReadyHandler(options?: ReadinessOptions): () => Promise<Response>

/** The status and body `GET` answers with, for other frameworks. */
export declare function readiness(options?: ReadinessOptions): Readiness
