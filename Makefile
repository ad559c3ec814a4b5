# One task runner: the targets are what CI runs (.ci/run calls `make test`).
SHELL := /bin/bash
.PHONY: example test test-rust test-node test-python lint schema bench fuzz

# The main job on the bundled example: the seeds' incident, caught.
example:
	cargo build --release -q -p env-contract-cli
	./scripts/example.sh

# Every test: Rust, the CLI, Node (with the real Next.js app), Python (with the real FastAPI app).
test: lint test-rust test-node test-python

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -q -- -D warnings

test-rust:
	cargo test --workspace -q

test-node:
	./scripts/test-node.sh

test-python:
	./scripts/test-python.sh

# Regenerate every generated file (the meta-schema; the example docs).
schema:
	cargo run -q -p env-contract --example write-schema

bench:
	./scripts/bench.sh

fuzz:
	./scripts/fuzz.sh
