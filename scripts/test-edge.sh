#!/usr/bin/env bash
# The WebAssembly build with real clients (docs/node.md, "The Edge runtime, Workers and
# browsers"): a Worker under workerd (miniflare), a page in headless Chromium, and the Next.js
# Edge runtime (a route handler and middleware.ts) built with Turbopack and with webpack.
#   scripts/test-edge.sh                      # everything (`make test-edge`, about 6 minutes)
#   BUNDLERS=turbopack scripts/test-edge.sh   # the Next.js app with Turbopack only (make test)
#   SKIP_NEXTJS=1 scripts/test-edge.sh        # the Worker and the browser page only
# Needs what scripts/build-wasm.sh needs, Node >= 20 and npm; installs Debian's chromium when
# /usr/bin/chromium is missing (as root), the rest from the npm registry.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/build-wasm.sh
if [[ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]]; then
  if [[ "$(id -u)" != "0" ]]; then
    echo "test-edge: no Chromium at ${CHROMIUM:-/usr/bin/chromium}: apt-get install chromium (or set CHROMIUM)" >&2
    exit 1
  fi
  apt-get install -y -q chromium >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
fi
# (npm install, not npm ci: see scripts/test-node.sh)
(cd examples/edge && npm install --no-audit --no-fund)
node examples/edge/test.mjs
if [[ "${SKIP_NEXTJS:-}" != "1" ]]; then
  NEXT_TELEMETRY_DISABLED=1 node examples/edge/test-nextjs.mjs
fi
