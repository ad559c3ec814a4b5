// A browser page: checks an env object (as a settings form or a preview tool would) against the
// imported contract and shows the report.
import { backend, validateEnv, PROBLEM_CODES } from 'env-contract'
import contract from '../contract.json'

// Here the module is compiled and instantiated (browser.mjs does it as it is evaluated).
const loaded = performance.now() - window.pageStart
const env = JSON.parse(document.getElementById('env').textContent)
const started = performance.now()
const report = validateEnv({ contract, env })
const ms = performance.now() - started
const out = document.getElementById('report')
out.textContent = report.ok
  ? 'ok: the environment meets the contract'
  : report.problems.map((p) => `${p.var}: ${p.code}: ${p.message}`).join('\n')
out.dataset.ok = String(report.ok)
window.envContractResult = { backend, report, codes: PROBLEM_CODES.length, ms, loaded }
