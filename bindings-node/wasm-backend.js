'use strict'
// The WebAssembly backend: the same exports as the native addon (`check`, `renderDocs`,
// `problemCodes`), over an instance of env-contract.wasm. It runs wherever
// WebAssembly does (Node, the Edge runtime, workerd, browsers): no Node API, no eval, no
// `new Function`, and the module imports nothing, so an instance is made synchronously with
// `new WebAssembly.Instance(module, {})`. How each runtime gets the WebAssembly.Module is the
// business of the entry that calls this (wasm-node.js, edge-light.mjs, worker.mjs, browser.mjs).
//
// Text crosses as UTF-8 in the module's memory (bindings-wasm/src/abi.rs): a buffer from
// `ec_alloc`, filled here, is handed to an export, which frees it and leaves its JSON answer
// at `ec_out_ptr()`/`ec_out_len()`. A Rust panic traps: the caller gets core's fixed internal
// error (`ec_internal`: its message and code; never the panic's payload, which could hold a
// value), the location the panic hook left goes to stderr (as the native hook prints it), and
// the next call gets a fresh instance (a trapped one may hold a lock).

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: false })
// `usize::MAX` on wasm32: "no packed env" for ec_check.
const NO_ENV = 0xffffffff

function createBackend(module) {
  let exports = null
  let internal = null

  function instance() {
    if (exports === null) {
      exports = new WebAssembly.Instance(module, {}).exports
      if (internal === null) {
        exports.ec_internal()
        internal = JSON.parse(read(exports, exports.ec_out_ptr(), exports.ec_out_len()))
      }
    }
    return exports
  }

  /**
   * Copies `text` into a fresh buffer of the module; returns [ptr, len, capacity], which the
   * export that takes the buffer frees.
   */
  function put(ex, text) {
    // UTF-8 takes at most 3 bytes per UTF-16 unit; then the exact length from encodeInto.
    const max = text.length * 3
    const ptr = ex.ec_alloc(max)
    const { written } = encoder.encodeInto(text, new Uint8Array(ex.memory.buffer, ptr, max))
    return [ptr, written, max]
  }

  function read(ex, ptr, len) {
    // The buffer may have grown (and been replaced) during the call: take it afresh.
    return decoder.decode(new Uint8Array(ex.memory.buffer, ptr, len))
  }

  /** Runs `fn` on the instance and returns the answer it left; a trap becomes an Error. */
  function call(fn) {
    const ex = instance()
    try {
      fn(ex)
    } catch (e) {
      if (!(e instanceof WebAssembly.RuntimeError)) throw e
      exports = null
      const len = ex.ec_panic_len()
      console.error(len ? `${internal.message} (at ${read(ex, ex.ec_panic_ptr(), len)})` : internal.message)
      const error = new Error(internal.message)
      error.code = internal.code
      throw error
    }
    return read(ex, ex.ec_out_ptr(), ex.ec_out_len())
  }

  return {
    backend: 'wasm',

    /** `check(requestJson, packedEnv?)`, as the native addon's. */
    check(request, packed) {
      return call((ex) => {
        const [rp, rl, rc] = put(ex, request)
        if (packed === undefined) ex.ec_check(rp, rl, rc, 0, 0, NO_ENV)
        else {
          const [ep, el, ec] = put(ex, packed)
          ex.ec_check(rp, rl, rc, ep, el, ec)
        }
      })
    },

    /** `renderDocs(requestJson)`, as the native addon's. */
    renderDocs(request) {
      return call((ex) => {
        const [rp, rl, rc] = put(ex, request)
        ex.ec_render_docs(rp, rl, rc)
      })
    },

    /** Every problem code, in the order of DESIGN §4. */
    problemCodes() {
      return JSON.parse(call((ex) => ex.ec_problem_codes()))
    },

    /** The public names of every enum that crosses into JS, as JSON text (as the addon's). */
    enumNames() {
      return call((ex) => ex.ec_enum_names())
    },

    /** The contract cache's statistics `{hits, misses, entries}`, as the native addon's. */
    cacheStats() {
      return JSON.parse(call((ex) => ex.ec_cache_stats()))
    },
  }
}

module.exports = { createBackend }
