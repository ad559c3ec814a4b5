// The type test of the package's declarations (index.d.ts, next.d.ts, next-ready.d.ts): the API used as users
// write it, through the package's own name and `exports` map. `npm run test:types` (tsc
// --noEmit; scripts/test-node.sh runs it) passes only when every line type-checks, except
// the ones after `@ts-expect-error`, each of which must be an error.
import {
  assertEnv,
  ContractError,
  EnvContractError,
  EnvFileError,
  PROBLEM_CODES,
  renderDocs,
  validateEnv,
} from 'env-contract'
import type {
  ContractErrorKind,
  DocsFormat,
  EnvContractOptions,
  Phase,
  Problem,
  ProblemCode,
  Report,
  Severity,
} from 'env-contract'
import { PHASE_PRODUCTION_BUILD, withEnvContract } from 'env-contract/next'
import { createReadyHandler, GET as readyGET, readiness } from 'env-contract/next/ready'
import type { Readiness, ReadinessProblem } from 'env-contract/next/ready'
import { readiness as readinessFromMain } from 'env-contract'

// assertEnv: typed, read-only values.
const env = assertEnv<{ PORT: number; DATABASE_URL: string }>({
  contract: 'env.contract.json',
  environment: 'production',
  envFiles: ['.env', '.env.local'],
  envExpand: true,
  phase: 'build',
  onWarning: (p: Problem) => console.log(p.var, p.code, p.hint),
})
const port: number = env.PORT
// @ts-expect-error the values are read-only
env.PORT = port + 1
assertEnv({ contract: new URL('file:///app/env.contract.json') })
assertEnv({ contract: { type: 'object', properties: {} } })
assertEnv({ env: { PORT: '8080', UNSET: undefined } })
// @ts-expect-error values of env are strings
assertEnv({ env: { PORT: 8080 } })
// @ts-expect-error phase is 'build' or 'runtime'
assertEnv({ phase: 'test' })
// @ts-expect-error an option that does not exist
assertEnv({ contracts: 'env.contract.json' })
// @ts-expect-error envFiles is an array
assertEnv({ envFiles: '.env' })

// validateEnv: the report.
const report: Report = validateEnv({ env: {} })
// @ts-expect-error validateEnv prints nothing, so it takes no onWarning
validateEnv({ onWarning: () => undefined })
for (const p of report.problems) {
  const code: ProblemCode = p.code
  const severity: Severity = p.severity
  const name: string | null = p.var
  if (p.code === 'url-scheme' && p.severity === 'warning') console.log(code, severity, name)
  // @ts-expect-error not a problem code: the comparison can never be true
  if (p.code === 'url-schema') console.log(p)
  // @ts-expect-error not a severity
  if (p.severity === 'info') console.log(p)
}
// @ts-expect-error not a problem code
const unknownCode: ProblemCode = 'nope'
const codes: readonly ProblemCode[] = PROBLEM_CODES
// @ts-expect-error PROBLEM_CODES is read-only
PROBLEM_CODES.push('missing')

// renderDocs.
const format: DocsFormat = 'env-example'
const docs: string = renderDocs({ contract: 'env.contract.json', format })
// @ts-expect-error not a docs format
renderDocs({ format: 'html' })

// The error classes.
try {
  assertEnv()
} catch (e) {
  if (e instanceof EnvContractError) {
    const problems: Problem[] = e.problems
    const code: 'ENV_CONTRACT_INVALID' = e.code
    console.log(problems.length, code, e.report.environment)
  } else if (e instanceof ContractError) {
    const kind: ContractErrorKind = e.kind
    const line: number | null = e.location.line
    console.log(kind, line, e.location.pointer)
    // @ts-expect-error not a contract error kind
    if (e.kind === 'syntax') console.log(e)
  } else if (e instanceof EnvFileError) {
    console.log(e.path, e.lines[0]?.line, e.lines[0]?.column)
  }
}

// env-contract/next.
const phase: Phase = 'runtime'
const options: EnvContractOptions = { phase, envFiles: ['.env'] }
export default withEnvContract({ reactStrictMode: true, serverExternalPackages: ['sharp'] }, options)
withEnvContract({ reactStrictMode: true })
withEnvContract(async (nextPhase: string) => ({
  output: nextPhase === PHASE_PRODUCTION_BUILD ? 'standalone' : 'export',
}))
// @ts-expect-error serverExternalPackages is an array of names
withEnvContract({ serverExternalPackages: 'sharp' })
const buildPhase: 'phase-production-build' = PHASE_PRODUCTION_BUILD
console.log(codes, docs, unknownCode, buildPhase)

// Startup lines: a logger of one's own, or none; the JSON form.
const lines: string[] = []
assertEnv({ logger: { info: (l) => lines.push(l), warn: (l) => lines.push(l), error: (l) => lines.push(l) } })
assertEnv({ logger: false, logFormat: 'json' })
// @ts-expect-error a logger needs info, warn and error
assertEnv({ logger: { info: console.info } })
// @ts-expect-error not a log format
assertEnv({ logFormat: 'xml' })

// env-contract/next/ready: the route handler, its configurable form, the answer.
export const GET: () => Promise<Response> = readyGET
export const GET2 = createReadyHandler({ contract: { type: 'object' }, environment: 'production' })
const answer: Readiness = readiness({ env: {} })
if (answer.body.status === 'error' && 'problems' in answer.body) {
  const p: ReadinessProblem = answer.body.problems[0]
  const code: ProblemCode = p.code
  console.log(code, answer.status === 503)
}
// @ts-expect-error readiness takes no logger
readiness({ logger: false })
console.log(lines, readinessFromMain)
