// Cold boot, Node: one whole fresh process = import + set up the schema / load the contract +
// check once, from the process env or from a plain object (the valid env, read from its JSON file). The parent
// (bench/run.py) times the process from spawn to exit and reads its peak RSS; this child reports
// its own phases as JSON on the last line of stdout (assertEnv's log lines come before it).
//   node cold.mjs ADAPTER WORKDIR N [process|map]
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { byName } from './adapters.mjs'

const [name, workdir, n, source = 'process'] = process.argv.slice(2)
const adapter = byName(name)
const t0 = performance.now()
const lib = await adapter.load()
const t1 = performance.now()
// The peers' schemas are code built from the spec; env-contract reads its contract itself.
const spec = adapter.style ? null : JSON.parse(readFileSync(join(workdir, `spec-${n}.json`), 'utf8'))
const { fromProcess, fromMap } = adapter.setup(lib, spec, join(workdir, `contract-${n}.json`))
const t2 = performance.now()
const ok =
  source === 'map' ? fromMap(JSON.parse(readFileSync(join(workdir, `env-${n}-valid.json`), 'utf8'))) : fromProcess()
const t3 = performance.now()
process.stdout.write(`\n${JSON.stringify({ ok, import_ms: t1 - t0, setup_ms: t2 - t1, check_ms: t3 - t2 })}\n`)
