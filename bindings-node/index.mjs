// ESM entry: the CommonJS build, loaded with require, so both share one copy of the error
// classes (`instanceof` works whichever way the package was loaded). `createRequire` rather than
// `import cjs from './index.js'`: importing CommonJS from ESM makes Node parse the file for
// its export names (cjs-module-lexer), which costs more than the whole package's load.
import { createRequire } from 'node:module'

const cjs = createRequire(import.meta.url)('./index.js')

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
} = cjs
export default cjs
