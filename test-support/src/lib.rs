//! What env-contract's tests and fuzz targets share, outside the published crates: the fuzz
//! harnesses (`fuzzing`), used by `fuzz/fuzz_targets/` and replayed by
//! `core/tests/fuzz_regressions.rs`. `publish = false`: nothing here is public API.

#![forbid(unsafe_code)]

pub mod fuzzing;
