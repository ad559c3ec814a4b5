// ESM entry of env-contract/next/ready: a re-export of the CommonJS build.
import cjs from './next-ready.js'

export const { GET, createReadyHandler, readiness } = cjs
export default cjs
