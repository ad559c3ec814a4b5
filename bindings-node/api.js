'use strict'
// The public API of env-contract over a backend: the native addon (native.js) or the
// WebAssembly build (wasm-backend.js), which have the same exports (`check`, `renderDocs`,
// `problemCodes`: JSON text in and out). This file converts options, throws the package's
// error classes and prints warnings; the checks run in the Rust core either way.
//
// The host says what the runtime has: Node (a file system, a process environment the native
// side reads itself) or the Edge runtime, workerd and browsers (neither; see edge-api.js).

const DEFAULT_CONTRACT = 'env.contract.json'
const OPTIONS = new Set(['contract', 'environment', 'env', 'envFiles', 'envExpand', 'phase', 'onWarning'])
const PHASES = new Set(['build', 'runtime'])

/** The environment does not meet the contract. The message lists every problem, one per line. */
class EnvContractError extends Error {
  constructor(report, label) {
    super(describeReport(report, label))
    this.name = 'EnvContractError'
    this.code = 'ENV_CONTRACT_INVALID'
    this.report = report
    this.problems = report.problems
  }
}

/** The contract itself is broken (bad JSON, a keyword of the wrong shape, …). */
class ContractError extends Error {
  constructor(data) {
    super(`env-contract: the contract is broken: ${data.display}`)
    this.name = 'ContractError'
    this.code = 'ENV_CONTRACT_BAD_CONTRACT'
    this.kind = data.kind
    const loc = data.location || {}
    this.location = {
      file: loc.file ?? null,
      line: loc.line ?? null,
      column: loc.column ?? null,
      pointer: loc.pointer ?? null,
    }
  }
}

/**
 * A file of `envFiles` exists but cannot be read or parsed. The message never quotes it;
 * `.lines` lists every bad line as `{line, column, message}`.
 */
class EnvFileError extends Error {
  constructor(data) {
    super(`env-contract: env file ${data.display}`)
    this.name = 'EnvFileError'
    this.code = 'ENV_CONTRACT_ENV_FILE'
    this.path = data.path
    this.lines = data.lines || []
  }
}

function describeProblem(p) {
  const who = p.var === null ? '(environment)' : p.var
  const hint = p.hint ? ` (hint: ${p.hint})` : ''
  return `  - ${who}: ${p.code}${p.severity === 'warning' ? ' (warning)' : ''}: ${p.message}${hint}`
}

function plural(n, word) {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

function describeReport(report, label) {
  const errors = report.problems.filter((p) => p.severity === 'error').length
  const warnings = report.problems.length - errors
  const counts = warnings ? `${plural(errors, 'error')}, ${plural(warnings, 'warning')}` : plural(errors, 'error')
  const head =
    `env-contract: the environment does not meet the contract ${label} ` +
    `(environment "${report.environment}", ${counts}):`
  return [head, ...report.problems.map(describeProblem)].join('\n')
}

function deepFreeze(value) {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const key of Object.keys(value)) deepFreeze(value[key])
  }
  return value
}

/** Turns a failure the core reports as data into the package's own error. */
function failure(out) {
  switch (out.error) {
    case 'contract':
      return new ContractError(out)
    case 'env-type':
      return new TypeError(`env-contract: ${out.message}`)
    case 'env-file':
      return new EnvFileError(out)
    default:
      return new Error(`env-contract: ${out.message || 'internal error'}`)
  }
}

const DOCS_FORMATS = new Set(['markdown', 'env-example', 'dts'])

/**
 * The public API over `backend`. `host` describes the runtime:
 * - `contractPath(path)`: the request's contract source for a path (Node), or throws;
 * - `contractUrl(url)`: the same for a URL;
 * - `defaultEnv()`: the env to send when `options.env` is absent, or undefined to let the
 *   backend read the process environment itself (the native addon);
 * - `envFiles`: whether `options.envFiles` can be read here;
 * - `nonStrings`: 'throw' (Node: a TypeError naming the key) or 'skip' (a Worker's env
 *   holds KV, D1, … bindings beside its string variables);
 * - `skipFlag()`: the value of ENV_CONTRACT_SKIP, when the runtime has one.
 */
function createApi(backend, host) {
  const PROBLEM_CODES = Object.freeze(backend.problemCodes())
  const printed = new Set()

  function contractLabel(contract) {
    return typeof contract === 'string' ? contract : '(object)'
  }

  function contractSource(contract) {
    if (contract === undefined || contract === null) return host.contractPath(DEFAULT_CONTRACT)
    if (typeof contract === 'string') return host.contractPath(contract)
    if (typeof URL !== 'undefined' && contract instanceof URL) return host.contractUrl(contract)
    if (typeof contract === 'object' && !Array.isArray(contract)) return { text: JSON.stringify(contract) }
    throw new TypeError('env-contract: options.contract must be a path (string) or a contract object')
  }

  /** The value of `env[key]` to send, or undefined to leave it out. */
  function envValue(env, key) {
    const value = env[key]
    if (value === undefined) return undefined // `{ A: process.env.A }` with A unset: not set
    if (typeof value !== 'string') {
      if (host.nonStrings === 'skip') return undefined
      throw new TypeError(`env-contract: options.env.${key} must be a string, not ${value === null ? 'null' : typeof value}`)
    }
    return value
  }

  function envObject(env) {
    if (typeof env !== 'object' || env === null) {
      throw new TypeError('env-contract: options.env must be an object of strings')
    }
    const out = {}
    for (const key of Object.keys(env)) {
      const value = envValue(env, key)
      if (value !== undefined) out[key] = value
    }
    return out
  }

  /**
   * The env for the backend as one string, `name\0value\0…`: cheaper than JSON on both sides
   * of the boundary. Null when a name or value holds a NUL (no real environment does): such
   * an env goes as JSON instead.
   */
  function packEnv(env) {
    let packed = ''
    for (const key of Object.keys(env)) {
      const value = envValue(env, key)
      if (value === undefined) continue
      if (key.includes('\0') || value.includes('\0')) return null
      packed += key + '\0' + value + '\0'
    }
    return packed
  }

  /** Validates the options and builds the request for the backend. */
  function normalize(options) {
    if (options === undefined || options === null) options = {}
    if (typeof options !== 'object') throw new TypeError('env-contract: options must be an object')
    for (const key of Object.keys(options)) {
      if (!OPTIONS.has(key)) throw new TypeError(`env-contract: unknown option "${key}"`)
    }
    const { contract, environment, envFiles, envExpand, phase, onWarning } = options
    let env = options.env ?? undefined
    const request = { contract: contractSource(contract) }
    if (env === undefined) env = host.defaultEnv()
    let packed
    if (env !== undefined) {
      if (typeof env !== 'object' || env === null) throw new TypeError('env-contract: options.env must be an object of strings')
      packed = packEnv(env)
      if (packed === null) request.env = envObject(env)
    }
    if (envFiles !== undefined) {
      if (!Array.isArray(envFiles) || envFiles.some((f) => typeof f !== 'string')) {
        throw new TypeError('env-contract: options.envFiles must be an array of paths (strings)')
      }
      if (!host.envFiles && envFiles.length) {
        throw new TypeError('env-contract: options.envFiles cannot be read here: this runtime has no file system')
      }
      request.envFiles = envFiles
    }
    if (envExpand !== undefined) {
      if (typeof envExpand !== 'boolean') throw new TypeError('env-contract: options.envExpand must be a boolean')
      request.envExpand = envExpand
    }
    if (environment !== undefined && environment !== null) {
      if (typeof environment !== 'string') throw new TypeError('env-contract: options.environment must be a string')
      request.environment = environment
    }
    if (phase !== undefined) {
      if (!PHASES.has(phase)) throw new TypeError(`env-contract: options.phase must be 'build' or 'runtime'`)
      request.phase = phase
    }
    if (onWarning !== undefined && typeof onWarning !== 'function') {
      throw new TypeError('env-contract: options.onWarning must be a function')
    }
    return { request, packed: packed ?? undefined, given: env, onWarning, label: contractLabel(contract ?? DEFAULT_CONTRACT) }
  }

  function runCheck(request, packed) {
    const json = JSON.stringify(request)
    const out = JSON.parse(packed === undefined ? backend.check(json) : backend.check(json, packed))
    if (out.error) throw failure(out)
    for (const w of out.envWarnings || []) {
      // Warnings about the env files (a key set twice): printed once per process.
      const line = `env-contract: warning: ${w}`
      if (!printed.has(line)) {
        printed.add(line)
        console.warn(line)
      }
    }
    return out
  }

  /** Each warning goes to `onWarning`, or is printed once per process with console.warn. */
  function emitWarnings(report, onWarning) {
    const warnings = report.problems.filter((p) => p.severity === 'warning')
    if (onWarning) {
      for (const w of warnings) onWarning(w)
      return
    }
    const lines = []
    for (const w of warnings) {
      const line = describeProblem(w)
      if (printed.has(line)) continue
      printed.add(line)
      lines.push(line)
    }
    if (lines.length) {
      console.warn(`env-contract: ${plural(lines.length, 'warning')} (environment "${report.environment}"):\n${lines.join('\n')}`)
    }
  }

  function skipRequested(given) {
    const v = host.skipFlag(given)
    return v === '1' || v === 'true'
  }

  /**
   * Checks the environment and returns the typed, coerced values of the declared variables,
   * frozen. Throws EnvContractError when the environment does not meet the contract.
   */
  function assertEnv(options) {
    const { request, packed, given, onWarning, label } = normalize(options)
    if (skipRequested(given)) {
      console.warn(
        '!!! env-contract: ENV_CONTRACT_SKIP is set: the environment was NOT checked against ' +
          `${label}. The values returned are the raw strings, without coercion or defaults. !!!`,
      )
      return Object.freeze(given === undefined ? { ...process.env } : envObject(given))
    }
    request.values = true
    const { report, values } = runCheck(request, packed)
    if (!report.ok) throw new EnvContractError(report, label)
    emitWarnings(report, onWarning)
    return deepFreeze(values)
  }

  /** Checks the environment and returns the report; never throws for environment problems. */
  function validateEnv(options) {
    const { request, packed } = normalize(options)
    return runCheck(request, packed).report
  }

  /** Renders the contract's docs: a Markdown reference, a .env.example or TypeScript types. */
  function renderDocs(options) {
    if (options === undefined || options === null) options = {}
    for (const key of Object.keys(options)) {
      if (key !== 'contract' && key !== 'format') throw new TypeError(`env-contract: unknown option "${key}"`)
    }
    const format = options.format ?? 'markdown'
    if (!DOCS_FORMATS.has(format)) {
      throw new TypeError(`env-contract: options.format must be one of ${[...DOCS_FORMATS].join(', ')}`)
    }
    const out = JSON.parse(backend.renderDocs(JSON.stringify({ contract: contractSource(options.contract), format })))
    if (out.error) throw failure(out)
    return out.text
  }

  return {
    assertEnv,
    validateEnv,
    renderDocs,
    EnvContractError,
    ContractError,
    EnvFileError,
    PROBLEM_CODES,
    /** Which backend runs the checks: 'native' (the addon) or 'wasm' (the WebAssembly build). */
    backend: backend.backend,
  }
}

module.exports = { createApi, EnvContractError, ContractError, EnvFileError }
