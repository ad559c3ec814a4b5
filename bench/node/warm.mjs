// Warm check, Node: every adapter set up once, then timed interleaved (rounds × shuffled
// adapters × {process env, plain object}), median of the rounds, in µs per call.
//   node warm.mjs WORKDIR N [ROUNDS] [BATCH_MS]
// Prints one JSON object, on the last line of stdout (assertEnv logs its lines before it). Before timing, asserts that every adapter (the noop aside) reaches
// the same verdict on the valid and on the invalid env, from a map and from process.env.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { ADAPTERS } from './adapters.mjs'

const [workdir, nArg, roundsArg, batchArg] = process.argv.slice(2)
const N = Number(nArg)
const ROUNDS = Number(roundsArg || 15)
const BATCH_MS = Number(batchArg || 20)
const read = (f) => JSON.parse(readFileSync(join(workdir, f), 'utf8'))
const spec = read(`spec-${N}.json`)
const valid = read(`env-${N}-valid.json`)
const invalid = read(`env-${N}-invalid.json`)
const contractPath = join(workdir, `contract-${N}.json`)
const names = spec.map((v) => v.name)

function setProcessEnv(env) {
  for (const n of names) delete process.env[n]
  Object.assign(process.env, env)
}

const set = []
for (const a of ADAPTERS) set.push({ name: a.name, ...a.setup(await a.load(), spec, contractPath) })

// Same verdict everywhere, before any timing.
const verdicts = {}
for (const a of set) {
  setProcessEnv(invalid)
  const badProcess = a.fromProcess()
  setProcessEnv(valid)
  const v = { validMap: a.fromMap({ ...valid }), invalidMap: a.fromMap({ ...invalid }), validProcess: a.fromProcess(), invalidProcess: badProcess }
  verdicts[a.name] = v
  if (a.name === 'noop') continue
  if (!v.validMap || v.invalidMap || !v.validProcess || v.invalidProcess) {
    console.error(`warm.mjs: ${a.name} disagrees at N=${N}: ${JSON.stringify(v)}`)
    process.exit(1)
  }
}
setProcessEnv(valid)

const map = { ...valid }
const runs = []
for (const a of set) {
  runs.push({ adapter: a.name, source: 'process', fn: a.fromProcess })
  runs.push({ adapter: a.name, source: 'map', fn: () => a.fromMap(map) })
}

// Warm-up and calibration: enough calls per batch to last about BATCH_MS.
for (const r of runs) {
  const t0 = performance.now()
  let i = 0
  do {
    r.fn()
    i++
  } while (performance.now() - t0 < 100 && i < 200)
  const per = (performance.now() - t0) / i
  r.iters = Math.max(1, Math.ceil(BATCH_MS / per))
  r.samples = []
}

function shuffle(xs) {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[xs[i], xs[j]] = [xs[j], xs[i]]
  }
  return xs
}

for (let round = 0; round < ROUNDS; round++) {
  for (const r of shuffle([...runs])) {
    const { fn, iters } = r
    const t0 = performance.now()
    for (let i = 0; i < iters; i++) fn()
    r.samples.push(((performance.now() - t0) * 1000) / iters)
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const out = { n: N, rounds: ROUNDS, verdicts, warm: {} }
for (const r of runs) {
  out.warm[r.adapter] ??= {}
  out.warm[r.adapter][r.source] = {
    us: median(r.samples),
    min: Math.min(...r.samples),
    max: Math.max(...r.samples),
    iters: r.iters,
  }
}
process.stdout.write(`\n${JSON.stringify(out)}\n`)
