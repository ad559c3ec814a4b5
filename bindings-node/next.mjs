// ESM entry of env-contract/next: a re-export of the CommonJS build.
import cjs from './next.js'

export const { withEnvContract, PHASE_PRODUCTION_BUILD } = cjs
export default cjs
