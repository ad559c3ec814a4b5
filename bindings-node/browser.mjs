// The `browser` entry: browser bundles (esbuild, Vite, webpack, …) and web workers. There is
// no portable way for a bundle to reach a .wasm file synchronously, so the module ships inline
// (wasm-inline.mjs, base64) and is compiled here: browsers allow a synchronous compile of up
// to 8 MB on the main thread (Chromium's limit), and env-contract.wasm is well under it.
import { base64 } from './wasm-inline.mjs'
import { edgeApi } from './edge-api.js'

function decode(text) {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

const api = edgeApi(new WebAssembly.Module(decode(base64)))
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
