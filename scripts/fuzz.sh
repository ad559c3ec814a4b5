#!/usr/bin/env bash
# Coverage-guided fuzzing of contract loading and checking (libFuzzer via cargo-fuzz).
#   make fuzz                      # each target for FUZZ_SECONDS (default 300)
#   FUZZ_SECONDS=3600 make fuzz
# cargo-fuzz needs nightly-only flags; RUSTC_BOOTSTRAP=1 lets the stable toolchain accept them.
# A crash is saved under fuzz/artifacts/<target>/: fix it in core, then copy the input into
# fuzz/regressions/<target>/ so `cargo test` replays it forever (core/tests/fuzz_regressions.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked
seconds="${FUZZ_SECONDS:-300}"
export RUSTC_BOOTSTRAP=1

# Seeds: every contract we have, and the real example env files.
mkdir -p fuzz/corpus/load_contract fuzz/corpus/check_env
for f in schema/examples/*.json examples/*/env.contract.json tests/cases/*.json fuzz/regressions/load_contract/*; do
  [ -f "$f" ] && cp "$f" "fuzz/corpus/load_contract/seed-$(basename "$(dirname "$f")")-$(basename "$f")"
done
i=0
for f in tests/corpus/env-examples/*.env fuzz/regressions/check_env/*; do
  [ -f "$f" ] || continue
  { printf "\\x$(printf %02x $((i % 256)))"; cat "$f"; } > "fuzz/corpus/check_env/seed-$i"
  i=$((i + 1))
done

for target in load_contract check_env; do
  echo "== fuzzing $target for ${seconds}s"
  cargo fuzz run --fuzz-dir fuzz "$target" "fuzz/corpus/$target" -- -max_total_time="$seconds" -rss_limit_mb=4096 -max_len=65536
done
