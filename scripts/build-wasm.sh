#!/usr/bin/env bash
# The WebAssembly build of the core (docs/node.md, "The WebAssembly build"): bindings-wasm for
# wasm32-unknown-unknown with the `dist` profile (what ships), then into the npm package as
# bindings-node/env-contract.wasm (what wasm-node.js, edge-light.mjs and worker.mjs load) and
# bindings-node/wasm-inline.mjs (the same bytes as base64, for browser bundles).
#   scripts/build-wasm.sh              # build (cargo's own caching makes a rerun cheap)
#   WASM_OPT=1 scripts/build-wasm.sh   # then binaryen's wasm-opt -Oz (not what ships: below)
# Needs rustup's wasm32-unknown-unknown target (added here when missing) and, for the
# wasm-opt pass, Debian's binaryen (installed here when missing and we are root).
# What ships skips wasm-opt: it makes the module 14 % smaller but its gzipped size, the size
# that travels, 1 % larger (603.5 against 598.1 kB, 2026-12-03; -Os, -O2, -O3 the same way).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
# Core at "s", as the rest of the dist profile: the native builds compile it at 3 for speed
# (Cargo.toml), which would make this module 10 % larger gzipped (618 -> 678 kB).
cargo build -q -p env-contract-wasm --target wasm32-unknown-unknown --profile dist \
  --config 'profile.dist.package.env-contract.opt-level="s"'
target="${CARGO_TARGET_DIR:-target}"
built="$target/wasm32-unknown-unknown/dist/env_contract_wasm.wasm"
out=bindings-node/env-contract.wasm

if [[ "${WASM_OPT:-0}" == "1" ]]; then
  if ! command -v wasm-opt >/dev/null; then
    if [[ "$(id -u)" == "0" ]]; then
      apt-get install -y -q binaryen >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q binaryen >/dev/null; }
    else
      echo "build-wasm: wasm-opt is missing: apt-get install binaryen (or WASM_OPT=0)" >&2
      exit 1
    fi
  fi
  # wasm-opt takes about a minute on 2 cores: only when the cargo output changed.
  stamp="$target/wasm32-unknown-unknown/dist/env-contract.wasm.opt"
  sum="$(sha256sum "$built" | cut -d' ' -f1)"
  if [[ ! -f "$stamp" || "$(head -1 "$stamp")" != "$sum" ]]; then
    # The features rustc enables by default for wasm32-unknown-unknown (the module must not
    # use more than it was built with: every runtime of docs/node.md supports these).
    wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
      --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
      --enable-simd "$built" -o "$stamp.wasm"
    echo "$sum" >"$stamp"
  fi
  cp "$stamp.wasm" "$out"
else
  cp "$built" "$out"
fi
node bindings-node/scripts/inline-wasm.js
echo "build-wasm: $out: $(stat -c %s "$out") bytes, $(gzip -9c "$out" | wc -c) gzipped"
