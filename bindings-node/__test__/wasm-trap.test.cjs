'use strict'
// The WebAssembly backend (wasm-backend.js) when the module traps, as a Rust panic does on
// wasm32-unknown-unknown: the caller gets core's fixed internal error (its text and code come
// from the module, `ec_internal`), nothing of the panic's payload, the location on stderr as
// the native hook prints it, and the next call runs on a fresh instance. A shipped module has
// no way to panic on purpose, so this uses a small module of its own, written here byte by
// byte, with the exports of env-contract.wasm.
const assert = require('node:assert/strict')
const test = require('node:test')
const { createBackend } = require('../wasm-backend.js')

const INTERNAL = {
  code: 'ENV_CONTRACT_INTERNAL',
  message: 'env-contract: internal error (ENV_CONTRACT_INTERNAL): test',
}
const LOCATION = 'bindings-wasm/src/abi.rs:1'

function leb(n) {
  const out = []
  do {
    let b = n & 0x7f
    n >>>= 7
    if (n) b |= 0x80
    out.push(b)
  } while (n)
  return out
}
/** The signed LEB128 of a non-negative `i32.const` operand. */
function sleb(n) {
  const out = []
  for (;;) {
    const b = n & 0x7f
    n >>>= 7
    if (n === 0 && !(b & 0x40)) return [...out, b]
    out.push(b | 0x80)
  }
}
const str = (s) => [...leb(Buffer.byteLength(s)), ...Buffer.from(s)]
const vec = (items) => [...leb(items.length), ...items.flat()]
const section = (id, body) => [id, ...leb(body.length), ...body]
const I32 = 0x7f

/** The module: memory with the internal error's JSON at 0 and LOCATION at 512; `ec_check` traps. */
function trappingModule() {
  const json = JSON.stringify(INTERNAL)
  const types = [
    [0x60, ...vec([]), ...vec([[I32]])], // 0: () -> i32
    [0x60, ...vec([[I32]]), ...vec([[I32]])], // 1: (i32) -> i32
    [0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [I32]]), ...vec([])], // 2: (i32 x6) -> ()
    [0x60, ...vec([]), ...vec([])], // 3: () -> ()
    [0x60, ...vec([[I32], [I32], [I32]]), ...vec([])], // 4: (i32 x3) -> ()
  ]
  const funcs = [
    ['ec_alloc', 1, [0x41, ...sleb(1024)]], // i32.const 1024
    ['ec_out_ptr', 0, [0x41, 0]],
    ['ec_out_len', 0, [0x41, ...sleb(json.length)]],
    ['ec_panic_ptr', 0, [0x41, ...sleb(512)]],
    ['ec_panic_len', 0, [0x41, ...sleb(LOCATION.length)]],
    ['ec_internal', 3, []],
    ['ec_check', 2, [0x00]], // unreachable
    ['ec_render_docs', 4, [0x00]],
    ['ec_problem_codes', 3, []],
  ]
  const body = (code) => {
    const b = [...vec([]), ...code, 0x0b]
    return [...leb(b.length), ...b]
  }
  const bytes = [
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...section(3, vec(funcs.map(([, t]) => [t]))),
    ...section(5, vec([[0x00, 1]])), // one memory, min 1 page
    ...section(7, vec([[...str('memory'), 0x02, 0], ...funcs.map(([name], i) => [...str(name), 0x00, i])])),
    ...section(10, vec(funcs.map(([, , code]) => body(code)))),
    ...section(
      11,
      vec([
        [0x00, 0x41, 0, 0x0b, ...str(json)],
        [0x00, 0x41, ...sleb(512), 0x0b, ...str(LOCATION)],
      ]),
    ),
  ]
  return new WebAssembly.Module(Uint8Array.from(bytes))
}

test("a trap is core's internal error, with the location on stderr, and the next call gets a fresh instance", (t) => {
  const logged = []
  t.mock.method(console, 'error', (line) => logged.push(String(line)))
  let instances = 0
  const Instance = WebAssembly.Instance
  WebAssembly.Instance = class extends Instance {
    constructor(...args) {
      super(...args)
      instances++
    }
  }
  t.after(() => {
    WebAssembly.Instance = Instance
  })
  const backend = createBackend(trappingModule())
  for (let i = 0; i < 2; i++) {
    assert.throws(
      () => backend.check('{}', 'A\0x\0'),
      (e) => {
        assert.ok(e instanceof Error)
        assert.equal(e.code, INTERNAL.code)
        assert.equal(e.message, INTERNAL.message)
        return true
      },
    )
  }
  assert.equal(instances, 2, 'the trapped instance was used again')
  assert.equal(logged.length, 2)
  assert.equal(logged[0], `${INTERNAL.message} (at ${LOCATION})`)
})

test('an exception that is not a trap goes through as it is', () => {
  const backend = createBackend(trappingModule())
  // encodeInto refuses a Symbol before the module runs.
  assert.throws(
    () => backend.check(Symbol('not text')),
    (e) => e instanceof TypeError && e.code !== 'ENV_CONTRACT_INTERNAL',
  )
})
