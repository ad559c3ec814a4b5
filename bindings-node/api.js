'use strict'
// The public API of env-contract over a backend: the native addon (native.js) or the
// WebAssembly build (wasm-backend.js), which have the same exports (`check`, `renderDocs`,
// `problemCodes`: JSON text in and out, core's `env_contract::api`). This file converts
// options, throws the package's error classes and prints core's notices; the checks, the
// messages and the ENV_CONTRACT_SKIP policy are core's either way.
//
// The host says what the runtime has: Node (index.js: a file system, a process environment)
// or the Edge runtime, workerd and browsers (edge-api.js: neither, maybe no process).

const DEFAULT_CONTRACT = 'env.contract.json'
const OPTIONS = new Set([
  'contract',
  'environment',
  'env',
  'envFiles',
  'envExpand',
  'phase',
  'onWarning',
  'logger',
  'logFormat',
])
const LOGGER_METHODS = ['info', 'warn', 'error']
/** Core's level of a startup line, as a console method. */
const LOG_METHOD = { info: 'info', warning: 'warn', error: 'error' }

/**
 * The environment does not meet the contract. The message (worded by core) lists every
 * problem, one per line.
 */
class EnvContractError extends Error {
  constructor(report, summary) {
    super(summary)
    this.name = 'EnvContractError'
    this.code = 'ENV_CONTRACT_INVALID'
    this.report = report
    this.problems = report.problems
  }
}

/** The contract itself is broken (bad JSON, a keyword of the wrong shape, …). */
class ContractError extends Error {
  constructor(data) {
    super(data.display)
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
    super(data.display)
    this.name = 'EnvFileError'
    this.code = 'ENV_CONTRACT_ENV_FILE'
    this.path = data.path
    this.lines = data.lines || []
  }
}

/** Turns a failure the addon reports as data into the package's own error. */
function failure(out) {
  switch (out.error) {
    case 'contract':
      return new ContractError(out)
    case 'env-type':
      return new TypeError(out.display)
    case 'env-file':
      return new EnvFileError(out)
    default:
      return new Error(out.display || 'env-contract: internal error')
  }
}

const INSPECT = Symbol.for('nodejs.util.inspect.custom')

/**
 * Makes `values` print its secrets as core's `mask`: `secret` is core's list of the names to
 * mask (x-secret, and every value in which the check found a secret). Reads stay real
 * (`env.API_SECRET`); what prints the whole object does not show them: `util.inspect`
 * (console.log, util.format's %o and %O) through `nodejs.util.inspect.custom`, and
 * `JSON.stringify` (util.format's %j, structured loggers) through `toJSON`. Both are
 * non-enumerable, so `Object.keys`, spreading and `structuredClone` see only the variables
 * (docs/node.md, "Printing the values"). An object or an array is masked whole.
 */
function maskSecrets(values, secret, mask) {
  if (!secret || secret.length === 0) return values
  const masked = maskedValue(mask)
  let hidden // the set of names, made when the values are first printed
  const shown = () => {
    hidden ??= new Set(secret)
    const out = {}
    for (const key of Object.keys(values)) out[key] = hidden.has(key) ? masked : values[key]
    return out
  }
  // defineProperty's defaults: not enumerable, not writable, not configurable.
  Object.defineProperty(values, INSPECT, { value: shown })
  // A variable named toJSON (a legal name) keeps its value: JSON then shows every value.
  if (!Object.hasOwn(values, 'toJSON')) Object.defineProperty(values, 'toJSON', { value: shown })
  return values
}

/** What a secret prints as: the mask, unquoted in util.inspect, a string in JSON (one per mask). */
const MASKED = new Map()
function maskedValue(mask) {
  let masked = MASKED.get(mask)
  if (masked === undefined) {
    masked = Object.freeze({ [INSPECT]: () => mask, toJSON: () => mask })
    MASKED.set(mask, masked)
  }
  return masked
}

/**
 * What core knows of each contract object this process has passed: `{ text, id }`, the JSON
 * text it was serialised to once and the id core's contract cache gave that text (`contractId`,
 * core/src/cache.rs). A later call with the same object sends the id: no JSON.stringify of the
 * contract, no parse or hash of its text in core. The object is deep-frozen at its first use so
 * that the text cannot go stale: a later mutation throws (strict mode) instead of being
 * silently ignored (docs/node.md, "A contract object").
 */
const CONTRACT_OBJECTS = new WeakMap()

/**
 * The last packed text of each env object (`packEnv`), with the names and values it was packed
 * from and the id core gave that text: `{ keys, values, packed, id }`. A check from the same
 * object whose names and values are still those, in order (=== on each, read in place), needs
 * no new text: building it (a concatenation V8 then flattens to cross into the addon) was a
 * third of a warm check from an object at 100 variables. It sends the id in its place (`envId`,
 * core/src/api.rs), so the text does not cross into core again either; until core has named
 * the text, and for good once an id has gone stale (core keeps one packed env, and another
 * env object was checked since), it sends the text. An env object is not frozen, so it is
 * compared on every call.
 */
const PACKED_ENVS = new WeakMap()

function freezeAll(value) {
  if (typeof value === 'object' && value !== null) {
    Object.freeze(value)
    for (const key of Object.keys(value)) freezeAll(value[key])
  }
  return value
}

function deepFreeze(value) {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const key of Object.keys(value)) deepFreeze(value[key])
  }
  return value
}

/**
 * Freezes a check's values deeply: the object, and each value core names in `nested` (the lists
 * and objects; every other value is a string, number or boolean), so that the cost does not
 * grow with the variables walked (Object.keys or Object.values of 10,000 of them: 1–2 ms).
 */
function freezeValues(values, nested) {
  for (const name of nested) deepFreeze(values[name])
  return Object.freeze(values)
}

/**
 * The public API over `backend` (the exports of the addon or of wasm-backend.js). `host`:
 * - `contractPath(path)`, `contractUrl(url)`: the request's contract source, or a throw;
 * - `defaultEnv()`: the env to send when `options.env` is absent (undefined: the backend reads
 *   the process environment itself), or a throw when the runtime has none;
 * - `envFiles(files)` (optional): throws when the runtime cannot read them;
 * - `readFile(path)` (only where the backend cannot read files itself: the WebAssembly build
 *   in Node): what is at `path`, as core's `files::HostFile` record (core/src/files.rs);
 * - `nonStrings`: 'throw' (a TypeError naming the key) or 'skip' (a Worker's bindings);
 * - `flag(name, env)`: the value of the variable `name` (ENV_CONTRACT_SKIP,
 *   ENV_CONTRACT_LOG_FORMAT) this runtime sees.
 */
function createApi(backend, host) {
  /** Every problem code, in the order of DESIGN §4 (from the core, so it cannot drift). */
  const PROBLEM_CODES = Object.freeze(backend.problemCodes())
  // The accepted phases and docs formats are core's enums (`env_contract::enums`), not lists
  // of this file's own.
  const ENUMS = JSON.parse(backend.enumNames())
  const PHASES = new Set(ENUMS.Phase)
  const DOCS_FORMATS = new Set(ENUMS.DocsFormat)
  const LOG_FORMATS = new Set(ENUMS.LogFormat)
  const quoted = (names) => [...names].map((n) => `'${n}'`).join(', ')
  /**
   * The values `assertEnv` returned last, frozen and masked, with the `valuesId` core named
   * them by: `{ id, values }`. Each request says which it holds (`valuesKept`); when a check's
   * values and masked names are those again, core answers with the id alone (core/src/api.rs,
   * `SENT_VALUES`) and the same object is returned: no JSON.parse, masking or freezing of
   * values that did not change (at 100 variables, parsing them cost more than the check).
   */
  let keptValues

  function contractSource(contract) {
    if (contract === undefined || contract === null) return host.contractPath(DEFAULT_CONTRACT)
    if (typeof contract === 'string') return host.contractPath(contract)
    if (typeof URL !== 'undefined' && contract instanceof URL) return host.contractUrl(contract)
    if (typeof contract === 'object' && !Array.isArray(contract)) {
      const known = CONTRACT_OBJECTS.get(contract)
      if (known !== undefined) return known.id === undefined ? { text: known.text } : { id: known.id }
      const text = JSON.stringify(contract)
      // Frozen after serialising: JSON.stringify throws on a cycle, and such a call leaves it as it was.
      freezeAll(contract)
      CONTRACT_OBJECTS.set(contract, { text, id: undefined })
      return { text }
    }
    throw new TypeError('env-contract: options.contract must be a path (string) or a contract object')
  }

  /**
   * Whether `env[key]` goes to the check: a string does; `undefined` (`{ A: process.env.A }`
   * with A unset) is not set; any other value is a TypeError naming the key, or, where the
   * host says so, skipped (a Worker's bindings: edge-api.js).
   */
  function included(key, value) {
    if (typeof value === 'string') return true
    if (value === undefined || host.nonStrings === 'skip') return false
    throw new TypeError(
      `env-contract: options.env.${key} must be a string, not ${value === null ? 'null' : typeof value}`,
    )
  }

  function envObject(env) {
    const out = {}
    for (const key of Object.keys(env)) {
      if (included(key, env[key])) out[key] = env[key]
    }
    return out
  }

  /**
   * The env for the addon as one string, `name\0value\0…`: cheaper than JSON on both sides of
   * the boundary. Null when a name or value holds a NUL (no real environment does): such an env
   * goes as JSON instead.
   */
  function packEnv(env) {
    const last = PACKED_ENVS.get(env)
    if (last !== undefined && unchanged(env, last)) return last
    const keys = Object.keys(env)
    const values = []
    let packed = ''
    for (const key of keys) {
      const value = env[key]
      values.push(value)
      if (!included(key, value)) continue
      if (key.includes('\0') || value.includes('\0')) return null
      packed += key + '\0' + value + '\0'
    }
    const record = { keys, values, packed, id: undefined }
    PACKED_ENVS.set(env, record)
    return record
  }

  /**
   * Whether `env` still has exactly the names and values `last` was packed from, in order.
   * `for…in` (V8's fast path over an object's properties) also visits inherited enumerable
   * names, which Object.keys does not: one of those is a name too many, so never a false match.
   */
  function unchanged(env, { keys, values }) {
    let i = 0
    for (const key in env) {
      if (key !== keys[i] || env[key] !== values[i]) return false
      i++
    }
    return i === keys.length
  }

  /**
   * Validates the options and builds the request for the addon; `logs`: the call hands core's
   * startup lines to the logger (assertEnv), so the request asks for them.
   */
  function normalize(options, logs) {
    if (options === undefined || options === null) options = {}
    if (typeof options !== 'object') throw new TypeError('env-contract: options must be an object')
    for (const key of Object.keys(options)) {
      if (!OPTIONS.has(key)) throw new TypeError(`env-contract: unknown option "${key}"`)
    }
    const { contract, environment, envFiles, envExpand, phase, onWarning, logFormat } = options
    const request = { contract: contractSource(contract) }
    // Absent: the host's default (undefined for the native addon, which reads the process
    // environment itself; process.env, packed, for the WebAssembly build).
    const env = options.env ?? host.defaultEnv()
    let packing
    if (env !== undefined && env !== null) {
      if (typeof env !== 'object') throw new TypeError('env-contract: options.env must be an object of strings')
      packing = packEnv(env)
      if (packing === null) request.env = envObject(env)
      else if (typeof packing.id === 'number') request.envId = packing.id
    }
    if (envFiles !== undefined) {
      if (!Array.isArray(envFiles) || envFiles.some((f) => typeof f !== 'string')) {
        throw new TypeError('env-contract: options.envFiles must be an array of paths (strings)')
      }
      if (envFiles.length && host.envFiles) host.envFiles(envFiles)
      request.envFiles = envFiles
    }
    if (host.readFile) request.files = envFiles?.map((f) => host.readFile(f)) ?? []
    if (envExpand !== undefined) {
      if (typeof envExpand !== 'boolean') throw new TypeError('env-contract: options.envExpand must be a boolean')
      request.envExpand = envExpand
    }
    if (environment !== undefined && environment !== null) {
      if (typeof environment !== 'string') throw new TypeError('env-contract: options.environment must be a string')
      request.environment = environment
    }
    if (phase !== undefined) {
      if (!PHASES.has(phase)) throw new TypeError(`env-contract: options.phase must be one of ${quoted(PHASES)}`)
      request.phase = phase
    }
    if (onWarning !== undefined && typeof onWarning !== 'function') {
      throw new TypeError('env-contract: options.onWarning must be a function')
    }
    if (onWarning === undefined) request.printWarnings = true
    const logger = options.logger ?? console
    if (
      logger !== false &&
      (typeof logger !== 'object' || LOGGER_METHODS.some((m) => typeof logger[m] !== 'function'))
    ) {
      throw new TypeError('env-contract: options.logger must be false or an object with info, warn and error methods')
    }
    if (logFormat !== undefined && !LOG_FORMATS.has(logFormat)) {
      throw new TypeError(`env-contract: options.logFormat must be one of ${quoted(LOG_FORMATS)}`)
    }
    if (logs && logger !== false) {
      request.log = true
      if (logFormat !== undefined) request.logFormat = logFormat
      request.logFormatEnv = host.flag('ENV_CONTRACT_LOG_FORMAT', env) ?? null
    }
    return { request, packing: packing ?? undefined, given: env, onWarning, logger, contract }
  }

  /**
   * Calls the backend with `request`. Where the backend cannot read files (host.readFile), the
   * request carries the files the host read, and core answers `{need: [path, …]}` while it
   * needs more (a contract it takes in, where a path really leads): read them, ask again.
   * Each round adds files core asked for, never one it was given in full, and core takes in at
   * most 64 files (core/src/files.rs), so this ends.
   */
  function call(method, request, packed) {
    if (host.readFile && request.contract.path !== undefined) {
      request.files = [host.readFile(request.contract.path), ...(request.files ?? [])]
    }
    const asked = new Set()
    for (;;) {
      const json = JSON.stringify(request)
      const out = JSON.parse(packed === undefined ? backend[method](json) : backend[method](json, packed))
      if (out.need === undefined) return out
      for (const path of out.need) {
        if (asked.has(path)) throw new Error(`env-contract: internal error: core asked twice for ${path}`)
        asked.add(path)
        request.files.push(host.readFile(path, true))
      }
    }
  }

  /**
   * One check through core; prints core's notice (env-file warnings, skip) with console.warn
   * (or the logger's warn) and hands each startup line core sends back to the logger at its
   * level (core/src/log.rs: the words, the JSON form and the once-per-process rule are core's).
   */
  function runCheck(request, packing, logger, contract) {
    // The env goes as its id while core holds its text (`envId`), else as the text.
    const packedText = () => (request.envId === undefined ? packing?.packed : undefined)
    let out = call('check', request, packedText())
    if (out.error === 'stale-env' && packing) {
      // Core packed another env since: send the text, and from now on for this one.
      packing.id = null
      delete request.envId
      out = call('check', request, packing.packed)
    }
    const known = typeof contract === 'object' && contract !== null ? CONTRACT_OBJECTS.get(contract) : undefined
    if (out.error === 'stale-contract' && known) {
      // Core's cache started over (many distinct contracts): send the text again.
      request.contract = { text: known.text }
      out = call('check', request, packedText())
    }
    if (packing && packing.id === undefined && out.envId !== undefined) packing.id = out.envId
    if (known && out.contractId !== undefined) known.id = out.contractId
    if (out.error) throw failure(out)
    // (A readiness answer for a broken contract is `{ready}` alone.)
    if (out.notice?.length) (logger || console).warn(out.notice.join('\n'))
    if (logger && out.log) {
      for (const line of out.log) logger[LOG_METHOD[line.level]](line.text)
    }
    return out
  }

  /**
   * Checks the environment and returns the typed, coerced values of the declared variables,
   * frozen, printing their secrets masked (maskSecrets). Throws EnvContractError when the
   * environment does not meet the contract (unless ENV_CONTRACT_SKIP is on: core's policy,
   * docs/node.md).
   */
  function assertEnv(options) {
    const { request, packing, given, onWarning, logger, contract } = normalize(options, true)
    request.values = true
    request.skip = host.flag('ENV_CONTRACT_SKIP', given) ?? null
    if (keptValues !== undefined) request.valuesKept = keptValues.id
    const out = runCheck(request, packing, logger, contract)
    if (out.summary !== undefined) throw new EnvContractError(out.report, out.summary)
    if (onWarning && !out.skipped) {
      for (const w of out.report.problems) onWarning(w)
    }
    // Core leaves the values out only when they are the kept ones (the request named their id).
    if (out.values === undefined) return keptValues.values
    const values = freezeValues(maskSecrets(out.values, out.secret, out.mask), out.nested)
    keptValues = { id: out.valuesId, values }
    return values
  }

  /** Checks the environment and returns the report; never throws for environment problems. */
  function validateEnv(options) {
    const { request, packing, contract } = normalize(options, false)
    return runCheck(request, packing, false, contract).report
  }

  /**
   * The readiness endpoint's answer for the live environment, `{ status, body }`: 200 `ok`,
   * 200 `degraded` (warnings only, or ENV_CONTRACT_SKIP on), 503 `error` with codes and
   * variable names, 503 `{status: 'error', contract_error: kind}` for a broken contract. Core
   * decides (core/src/ready.rs), as for the FastAPI router; the compiled contract is cached.
   */
  function readiness(options) {
    const { request, packing, given, contract } = normalize(options, false)
    request.ready = true
    request.skip = host.flag('ENV_CONTRACT_SKIP', given) ?? null
    return runCheck(request, packing, false, contract).ready
  }

  /** Renders the contract's docs: a Markdown reference, a .env.example or TypeScript types. */
  function renderDocs(options) {
    if (options === undefined || options === null) options = {}
    for (const key of Object.keys(options)) {
      if (key !== 'contract' && key !== 'format') throw new TypeError(`env-contract: unknown option "${key}"`)
    }
    const format = options.format ?? 'markdown'
    if (!DOCS_FORMATS.has(format)) {
      throw new TypeError(`env-contract: options.format must be one of ${quoted(DOCS_FORMATS)}`)
    }
    let contract = contractSource(options.contract)
    if (contract.id !== undefined) contract = { text: CONTRACT_OBJECTS.get(options.contract).text }
    const request = { contract, format }
    if (host.readFile) request.files = []
    const out = call('renderDocs', request)
    if (out.error) throw failure(out)
    return out.text
  }

  return {
    assertEnv,
    validateEnv,
    readiness,
    renderDocs,
    EnvContractError,
    ContractError,
    EnvFileError,
    PROBLEM_CODES,
    /** Which build of the core runs the checks: 'native' (the addon) or 'wasm'. */
    backend: backend.backend,
  }
}

module.exports = { createApi, EnvContractError, ContractError, EnvFileError }
