// Cold boot, Node: one whole fresh process = import + set up the schema / load the contract +
// check the process environment once. The parent (bench/run.py) times the process from spawn to
// exit and reads its peak RSS; this child reports its own phases as JSON on stdout.
//   node cold.mjs ADAPTER WORKDIR N
import { performance } from 'node:perf_hooks'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { byName } from './adapters.mjs'

const [name, workdir, n] = process.argv.slice(2)
const adapter = byName(name)
const t0 = performance.now()
const lib = await adapter.load()
const t1 = performance.now()
// The peers' schemas are code built from the spec; env-contract reads its contract file itself.
const spec = name === 'env-contract' ? null : JSON.parse(readFileSync(join(workdir, `spec-${n}.json`), 'utf8'))
const { fromProcess } = adapter.setup(lib, spec, join(workdir, `contract-${n}.json`))
const t2 = performance.now()
const ok = fromProcess()
const t3 = performance.now()
process.stdout.write(JSON.stringify({ ok, import_ms: t1 - t0, setup_ms: t2 - t1, check_ms: t3 - t2, boot_ms: t0 }) + '\n')
