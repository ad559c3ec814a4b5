// ESM entry: a re-export of the CommonJS build, so both share one copy of the error classes
// (`instanceof` works whichever way the package was loaded).
import cjs from './index.js'

export const { assertEnv, validateEnv, renderDocs, EnvContractError, ContractError, EnvFileError, PROBLEM_CODES } = cjs
export default cjs
