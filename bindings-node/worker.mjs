// The `workerd` and `worker` entry: Cloudflare Workers. wrangler's bundler (and its module
// rules, which miniflare shares) turns a `.wasm` import into a compiled WebAssembly.Module,
// the one form workerd accepts (it refuses to compile bytes, and eval).
import module from './env-contract.wasm'
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
