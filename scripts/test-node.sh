#!/usr/bin/env bash
# The Node front, from a fresh clone (needs only Rust, Node >= 20 and npm; everything else
# comes from the npm registry): build the addon, run its tests, then the real Next.js app.
#   SKIP_NEXTJS=1 scripts/test-node.sh    # the package only
set -euo pipefail
cd "$(dirname "$0")/.."

cd bindings-node
# `npm install`, not `npm ci`: it follows the committed package-lock.json too, and npm 11's
# `npm ci` rejects a lock that (with omit-lockfile-registry-resolved) lacks the entries of
# other platforms' optional packages.
npm install --no-audit --no-fund
npm run build
# `npm run build` is the test build (cargo feature test-panic: `panicForTest`); no shipped
# addon has it, and ENV_CONTRACT_TEST_BUILD=1 tells the tests which of the two they load.
ENV_CONTRACT_TEST_BUILD=1 npm test
npm run test:types   # tsc on __test__/types.ts: index.d.ts and next.d.ts as a user's file sees them
cd ..

if [[ "${SKIP_NEXTJS:-}" != "1" ]]; then
  NEXT_TELEMETRY_DISABLED=1 node examples/nextjs/test.mjs
fi
