#!/usr/bin/env bash
# `make bench`: env-contract side by side with its peers (issues 7 and 16). Builds what it needs
# in the `dist` profile, installs the pinned peers (bench/node/package.json + lock, bench/python/
# requirements.txt into a venv of the bench's own), runs every measurement and writes
# docs/benchmarks.md, docs/benchmarks.json and the README's table. About 5 minutes of measuring
# on 2 cores, after the dist builds (up to 20 minutes from a cold cache). Separate from
# `make test`.
#
# Needs Rust, Node >= 20 with npm, Python >= 3.10; everything else comes from the registries.
#   BENCH_ARGS="--sizes 100 --cold-reps 5"     passed to bench/run.py (a quicker run;
#                                               "--skip none" adds criterion's core-only figures)
#   BENCH_SKIP_BUILD=1                             reuse the builds and installs of the last run
#   PYTHON                                         the interpreter that creates the venv
set -euo pipefail
cd "$(dirname "$0")/.."

work=bench/work
venv=bench/.venv
target="${CARGO_TARGET_DIR:-target}"
mkdir -p "$work"

if [[ "${BENCH_SKIP_BUILD:-}" != "1" ]]; then
  echo "bench: cargo build --profile dist (CLI, Node addon)" >&2
  cargo build -q --locked --profile dist -p env-contract-cli -p env-contract-node

  # What npm installs, as the release makes it (scripts/dist/build.py): the main package (its
  # package.json "files", no binary; its env-contract.wasm fallback is left out when not built)
  # and the platform package env-contract-linux-x64-gnu holding
  # the addon built in the dist profile, each packed with `npm pack`. Staged in bench/work so that
  # the bindings-node/ tree (and its own build) stays untouched.
  echo "bench: npm pack (env-contract, and env-contract-linux-x64-gnu with the dist addon)" >&2
  node bindings-node/scripts/build-esm.js   # index.mjs, the ESM entry, as the build scripts make it
  stage="$work/npm-stage"
  plat="$work/npm-stage-linux-x64-gnu"
  rm -rf "$stage" "$plat" && mkdir -p "$stage/schema" "$plat"
  (cd bindings-node && npm pack --dry-run --json --ignore-scripts 2>/dev/null) |
    node -e 'for (const f of JSON.parse(require("fs").readFileSync(0, "utf8"))[0].files) if (!f.path.endsWith(".node")) console.log(f.path)' |
    while read -r f; do
      [ "$f" = package.json ] && continue
      mkdir -p "$stage/$(dirname "$f")" && cp "bindings-node/$f" "$stage/$f"
    done
  cp schema/env-contract.schema.json "$stage/schema/"
  node -e '
    const p = require("./bindings-node/package.json")
    for (const k of ["scripts", "devDependencies", "napi"]) delete p[k]
    // The release lists every platform package as an optional dependency; here the one platform
    // package is installed beside it, by name, so npm needs no registry to resolve it.
    require("fs").writeFileSync(process.argv[1], JSON.stringify(p, null, 2))
    const q = { name: "env-contract-linux-x64-gnu", version: p.version, license: p.license,
      main: "env-contract.linux-x64-gnu.node", files: ["env-contract.linux-x64-gnu.node"],
      os: ["linux"], cpu: ["x64"], libc: ["glibc"] }
    require("fs").writeFileSync(process.argv[2], JSON.stringify(q, null, 2))
  ' "$stage/package.json" "$plat/package.json"
  cp "$target/dist/libenv_contract_node.so" "$plat/env-contract.linux-x64-gnu.node"
  rm -f "$work"/env-contract-*.tgz
  tarball=$(cd "$stage" && npm pack --silent --pack-destination ..)
  plat_tarball=$(cd "$plat" && npm pack --silent --pack-destination ..)
  # The floor of importing any npm package (bench/node/empty-package), packed and installed alike.
  rm -f "$work"/env-contract-bench-empty-package-*.tgz
  empty_tarball=$(cd bench/node/empty-package && npm pack --silent --pack-destination ../../work)
  echo "bench: npm install (pinned peers, then $tarball, $plat_tarball and $empty_tarball)" >&2
  (cd bench/node && npm install --no-audit --no-fund --silent &&
    npm install --no-audit --no-fund --silent --no-save "../work/$tarball" "../work/$plat_tarball" \
      "../work/$empty_tarball")

  # `pip install ./bindings-py` as a user runs it: pyproject.toml's [tool.maturin] profile is dist.
  echo "bench: Python venv (pinned peers, then pip install ./bindings-py)" >&2
  if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
  fi
  "$venv/bin/python" -m pip install -q -r bench/python/requirements.txt
  CARGO_TARGET_DIR="$target" "$venv/bin/python" -m pip install -q --force-reinstall --no-deps ./bindings-py
fi

# shellcheck disable=SC2086
"$venv/bin/python" bench/run.py --python "$venv/bin/python" --cli "$target/dist/env-contract" ${BENCH_ARGS:-}
