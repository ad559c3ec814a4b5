# One task runner: the targets are what CI runs (.ci/run calls `make test`).
SHELL := /bin/bash
.PHONY: example test test-rust test-node test-edge test-python test-release-slice lint fmt gen bench fuzz dist test-dist

# The main job on the bundled example: the seeds' incident, caught.
example:
	cargo build --release -q -p env-contract-cli
	./scripts/example.sh

# Every test: Rust, the CLI, Node (with the real Next.js app), Python (with the real FastAPI app),
# and one cross-built release platform end to end.
test: lint test-rust test-node test-python test-release-slice

# Rust (rustfmt, clippy), Python (ruff) and JS/TS (Biome); scripts/lint.sh installs ruff and
# Biome, pinned. `make fmt` applies every formatter.
lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -q -- -D warnings
	./scripts/lint.sh

fmt:
	cargo fmt --all
	./scripts/lint.sh --fix

test-rust:
	cargo test --workspace -q

test-node:
	./scripts/test-node.sh

# The WebAssembly build with every real client: a Worker (workerd), a page in headless Chromium,
# the Next.js Edge runtime built with Turbopack and with webpack (about 6 minutes; `make
# test-node` runs it with Turbopack only).
test-edge:
	./scripts/test-edge.sh

test-python:
	./scripts/test-python.sh

# The release (docs/release.md): every platform's npm packages, wheels, sdist and CLI archives
# into dist/, then their structure checked (about 60 minutes on 2 cores, cold).
dist:
	./scripts/dist.sh

# What `make dist` wrote, installed the way users install it and run on every platform this
# machine can run (qemu-user for arm64, a musl Node, wine for Windows); structure for the rest.
test-dist:
	./scripts/test-dist.sh

# The slice of test-dist that `make test` runs: linux-arm64-gnu's npm package and wheel, built
# with the release profile and run under qemu (arm64 Node and CPython), into dist-slice/.
test-release-slice:
	./scripts/dist.sh --platform linux-arm64-gnu --only npm,wheel --out dist-slice
	./scripts/test-dist.sh --platform linux-arm64-gnu --only npm,wheel --dist dist-slice

# Regenerate every generated file: the meta-schema, the example docs, the list of problem codes
# in docs/, the docs' code snippets (test-support/src/generated.rs lists them). `make test`
# fails, naming the file, when a committed one is stale.
gen:
	cargo run -q -p env-contract-test-support --bin gen

bench:
	./scripts/bench.sh

fuzz:
	./scripts/fuzz.sh
