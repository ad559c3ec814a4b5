// The Node adapters: the same workload (bench/gen.py's spec-N.json / contract-N.json) expressed
// in each library's own schema language. Each adapter is
//   { name, load(): Promise<lib>, setup(lib, spec, contractPath): { fromProcess(), fromMap(map) } }
// where fromProcess()/fromMap() run one full check and return the verdict (true = valid).
// load() is the import (timed separately by cold.mjs); setup() builds the schema once, as an app
// does at boot; the check functions are what a warm loop calls.

import { readFileSync } from 'node:fs'

const LEVELS = ['debug', 'info', 'warn', 'error']
const PATTERN = /^[a-z]{2}-[a-z]+-[0-9]$/
const DEFAULT_TIMEOUT = 5000

// ---- noop: the floor. Reads the same variables, validates nothing. ----
const noop = {
  name: 'noop',
  async load() {
    return null
  },
  setup(_lib, spec) {
    const names = spec.map((v) => v.name)
    const read = (src) => {
      const out = {}
      for (const n of names) out[n] = src[n]
      return out
    }
    return { fromProcess: () => read(process.env) !== null, fromMap: (m) => read(m) !== null }
  },
}

// ---- envalid: validators per variable; custom ones with makeValidator. ----
const envalid = {
  name: 'envalid',
  async load() {
    return import('envalid')
  },
  setup(lib, spec) {
    const { cleanEnv, makeValidator, str, port, bool, email, num } = lib
    const secret = makeValidator((x) => {
      if (x.length < 32) throw new Error('must be at least 32 characters')
      return x
    })
    const httpsUrl = makeValidator((x) => {
      if (new URL(x).protocol !== 'https:') throw new Error('must be an https URL')
      return x
    })
    const pgUrl = makeValidator((x) => {
      const u = new URL(x)
      if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') throw new Error('must be a postgres URL')
      if (u.port !== '6432') throw new Error('must use port 6432')
      return x
    })
    const intRange = makeValidator((x) => {
      if (!/^[+-]?\d+$/.test(x.trim())) throw new Error('must be an integer')
      const n = Number(x)
      if (n < 1 || n > 64) throw new Error('must be within 1..64')
      return n
    })
    const region = makeValidator((x) => {
      if (!PATTERN.test(x)) throw new Error('must match the pattern')
      return x
    })
    const make = {
      secret: () => secret(),
      https_url: () => httpsUrl(),
      postgres_url: () => pgUrl(),
      port: () => port(),
      int_range: () => intRange(),
      boolean: () => bool(),
      enum: () => str({ choices: LEVELS }),
      email: () => email(),
      pattern: () => region(),
      optional_int: () => num({ default: DEFAULT_TIMEOUT }),
    }
    const specs = {}
    for (const v of spec) specs[v.name] = make[v.kind]()
    const check = (env) => {
      let ok = true
      cleanEnv(env, specs, {
        reporter: ({ errors }) => {
          if (Object.keys(errors).length) ok = false
        },
      })
      return ok
    }
    return { fromProcess: () => check(process.env), fromMap: check }
  },
}

// ---- env-schema: a JSON Schema, validated by Ajv (with ajv-formats for uri/email). ----
const envSchema = {
  name: 'env-schema',
  async load() {
    const [es, ajv, formats] = await Promise.all([import('env-schema'), import('ajv'), import('ajv-formats')])
    return { envSchema: es.default, Ajv: ajv.default, addFormats: formats.default }
  },
  setup(lib, spec) {
    const { envSchema: check, Ajv, addFormats } = lib
    // The options env-schema uses for its own instance, plus the formats.
    const ajv = new Ajv({
      allErrors: true,
      removeAdditional: true,
      useDefaults: true,
      coerceTypes: true,
      allowUnionTypes: true,
      addUsedSchema: false,
      keywords: [check.keywords.separator],
    })
    addFormats(ajv)
    const make = {
      secret: { type: 'string', minLength: 32 },
      https_url: { type: 'string', format: 'uri', pattern: '^https://' },
      postgres_url: { type: 'string', format: 'uri', pattern: '^postgres(ql)?://[^/?#]*:6432(/|$)' },
      port: { type: 'integer', minimum: 1, maximum: 65535 },
      int_range: { type: 'integer', minimum: 1, maximum: 64 },
      boolean: { type: 'boolean' },
      enum: { type: 'string', enum: LEVELS },
      email: { type: 'string', format: 'email' },
      pattern: { type: 'string', pattern: PATTERN.source },
      optional_int: { type: 'integer', default: DEFAULT_TIMEOUT },
    }
    const schema = { type: 'object', properties: {}, required: [] }
    for (const v of spec) {
      schema.properties[v.name] = make[v.kind]
      if (v.kind !== 'optional_int') schema.required.push(v.name)
    }
    const run = (opts) => {
      try {
        check({ schema, ajv, ...opts })
        return true
      } catch (e) {
        if (!Array.isArray(e.errors)) throw e
        return false
      }
    }
    return { fromProcess: () => run({}), fromMap: (m) => run({ env: false, data: m }) }
  },
}

// ---- @t3-oss/env-core + zod ----
class Invalid extends Error {}
const t3 = {
  name: 't3-env',
  async load() {
    const [core, zod] = await Promise.all([import('@t3-oss/env-core'), import('zod')])
    return { createEnv: core.createEnv, z: zod.z }
  },
  setup(lib, spec) {
    const { createEnv, z } = lib
    const make = {
      secret: () => z.string().min(32),
      https_url: () => z.url({ protocol: /^https$/ }),
      postgres_url: () => z.url({ protocol: /^postgres(ql)?$/ }).refine((v) => new URL(v).port === '6432'),
      port: () => z.coerce.number().int().min(1).max(65535),
      int_range: () => z.coerce.number().int().min(1).max(64),
      boolean: () => z.stringbool(),
      enum: () => z.enum(LEVELS),
      email: () => z.email(),
      pattern: () => z.string().regex(PATTERN),
      optional_int: () => z.coerce.number().int().default(DEFAULT_TIMEOUT),
    }
    const server = {}
    for (const v of spec) server[v.name] = make[v.kind]()
    const check = (runtimeEnv) => {
      try {
        createEnv({
          server,
          runtimeEnv,
          emptyStringAsUndefined: true,
          onValidationError: () => {
            throw new Invalid()
          },
        })
        return true
      } catch (e) {
        if (e instanceof Invalid) return false
        throw e
      }
    }
    return { fromProcess: () => check(process.env), fromMap: check }
  },
}

// ---- env-contract: the packed package (installed into bench/node/node_modules by bench.sh) ----
// One adapter per calling style: validateEnv or assertEnv, the contract as a path or as an
// object (the parsed JSON, what `import contract from './env.contract.json'` gives), each from
// the process env (no `env`: the addon reads the process environment natively) and from a map.
// assertEnv logs with console, as the README calls it (each line once per process: core's rule).
const contractObject = (path) => JSON.parse(readFileSync(path, 'utf8'))

function envContract(fn, contractStyle) {
  return {
    name: `env-contract ${fn} ${contractStyle}`,
    style: { fn, contract: contractStyle },
    async load() {
      return import('env-contract')
    },
    setup(lib, _spec, contractPath) {
      const contract = contractStyle === 'path' ? contractPath : contractObject(contractPath)
      if (fn === 'validateEnv') {
        const { validateEnv } = lib
        return {
          fromProcess: () => validateEnv({ contract }).ok,
          fromMap: (m) => validateEnv({ contract, env: m }).ok,
        }
      }
      const { assertEnv, EnvContractError } = lib
      const run = (options) => {
        try {
          assertEnv(options)
          return true
        } catch (e) {
          if (e instanceof EnvContractError) return false
          throw e
        }
      }
      return { fromProcess: () => run({ contract }), fromMap: (m) => run({ contract, env: m }) }
    },
  }
}

export const EC_STYLES = [
  envContract('validateEnv', 'path'),
  envContract('validateEnv', 'object'),
  envContract('assertEnv', 'path'),
  envContract('assertEnv', 'object'),
]
// ---- empty-package: the floor of importing any npm package (cold boot only): the noop's reads,
// after an `import()` of bench/node/empty-package, installed packed as env-contract is. ----
const emptyPackage = {
  ...noop,
  name: 'empty-package',
  async load() {
    return import('env-contract-bench-empty-package')
  },
}

export const ADAPTERS = [noop, envalid, envSchema, t3, ...EC_STYLES]
export const PEERS = ['envalid', 'env-schema', 't3-env']
export const byName = (name) => {
  const a = [...ADAPTERS, emptyPackage].find((x) => x.name === name)
  if (!a) throw new Error(`no adapter ${name}`)
  return a
}
