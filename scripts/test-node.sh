#!/usr/bin/env bash
# The Node front, from a fresh clone (needs only Rust, Node >= 20 and npm; everything else
# comes from the npm registry, rustup and apt): build the addon and the WebAssembly build, run
# the package's tests over each backend, the WebAssembly build's real clients (a slice of
# scripts/test-edge.sh: the Next.js Edge app with Turbopack only), then the real Next.js app.
#   SKIP_NEXTJS=1 scripts/test-node.sh    # the package only (both backends)
set -euo pipefail
cd "$(dirname "$0")/.."
# The WebAssembly build as it ships (scripts/build-wasm.sh: without binaryen's pass).
export WASM_OPT="${WASM_OPT:-0}"

cd bindings-node
# `npm install`, not `npm ci`: it follows the committed package-lock.json too, and npm 11's
# `npm ci` rejects a lock that (with omit-lockfile-registry-resolved) lacks the entries of
# other platforms' optional packages.
npm install --no-audit --no-fund
npm run build
../scripts/build-wasm.sh
# One suite, two backends (lightningcss's habit): native.js picks the addon, or, forced, the
# WebAssembly build, which must give the same results. `npm run build` is the test build
# (cargo feature test-panic: `panicForTest`); no shipped addon has it, and
# ENV_CONTRACT_TEST_BUILD=1 tells the tests which of the two they load. The WebAssembly build
# is the shipped one.
ENV_CONTRACT_TEST_BUILD=1 npm test
ENV_CONTRACT_BACKEND=wasm npm test
npm run test:types   # tsc on __test__/types.ts: index.d.ts and next.d.ts as a user's file sees them
cd ..

if [[ "${SKIP_NEXTJS:-}" != "1" ]]; then
  BUNDLERS="${BUNDLERS:-turbopack}" scripts/test-edge.sh
  NEXT_TELEMETRY_DISABLED=1 node examples/nextjs/test.mjs
fi
