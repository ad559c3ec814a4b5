//! What env-contract's tests, fuzz targets and `make gen` share, outside the published crates:
//! the fuzz harnesses (`fuzzing`), used by `fuzz/fuzz_targets/` and replayed by
//! `core/tests/fuzz_regressions.rs`; the list of generated files (`generated`, written by
//! `make gen`, checked by `tests/generated.rs`); the doc-snippet convention (`snippets`).
//! `publish = false`: nothing here is public API.

#![forbid(unsafe_code)]

pub mod fuzzing;
pub mod generated;
pub mod snippets;
