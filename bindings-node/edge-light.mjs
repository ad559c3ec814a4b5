// The `edge-light` entry: Next.js's Edge runtime (route handlers with `runtime = 'edge'`,
// middleware.ts) and Vercel Edge Functions. Their bundlers (Turbopack and webpack) turn a
// `.wasm?module` import into a compiled WebAssembly.Module, the one form the Edge runtime
// accepts (it refuses to compile bytes, and eval).
import module from './env-contract.wasm?module'
import { edgeApi } from './edge-api.js'

const api = edgeApi(module)
export const {
  assertEnv,
  validateEnv,
  readiness,
  renderDocs,
  EnvContractError,
  ContractError,
  EnvFileError,
  PROBLEM_CODES,
  backend,
} = api
export default api
