// Deno runs the package's Node entry (the exports map has no `deno` condition: Deno resolves
// `node` and `import`, and has node:fs and process.env), the native addon or, here
// (ENV_CONTRACT_BACKEND=wasm), its WebAssembly fallback, which gets the contract file and the
// env files from index.js: a path works, as in Node. Reads the env to check as JSON on stdin;
// `deno run --allow-read --allow-env main.mjs CONTRACT ENV_FILE…`.
import { backend, ContractError, validateEnv } from 'env-contract'

const [contract, ...envFiles] = Deno.args
const env = JSON.parse(await new Response(Deno.stdin.readable).text())
const out = { backend, report: validateEnv({ contract, env, envFiles }) }
try {
  validateEnv({ contract: 'no-such.contract.json', env: {} })
} catch (error) {
  out.missing = error instanceof ContractError ? { kind: error.kind, file: error.location.file } : String(error)
}
console.log(JSON.stringify(out))
