//! Node.js addon of env-contract: the native half of the npm package `env-contract`.
//!
//! The JavaScript layer (`index.js`) owns the public API and the error classes; this addon
//! only moves data across core's JSON boundary (`env_contract::api`, shared with the
//! WebAssembly build), so one check is one N-API call and every conversion and decision is
//! core's. A Rust panic becomes core's fixed internal error (`env_contract::panic`): never an
//! abort, never its payload.

// The napi macros expand to `unsafe` code and to items that trip pedantic lints we do not
// control (e.g. needless pass-by-value of the JS arguments).
#![allow(unsafe_code, clippy::needless_pass_by_value)]

use env_contract::panic::{CODE, guard};
use napi_derive::napi;

/// Core's fixed internal error, with `err.code === 'ENV_CONTRACT_INTERNAL'` in JavaScript.
fn internal(e: env_contract::panic::Internal) -> napi::Error<&'static str> {
    napi::Error::new(CODE, e)
}

/// Checks an environment: `request` is the JSON of `env_contract::api`'s check request; the
/// answer its JSON. `env`, when given, is the environment packed as `name\0value\0…` (what the
/// JS layer sends for `options.env` and `process.env`), in place of `request.env`.
#[napi]
pub fn check(request: String, env: Option<String>) -> String {
    env_contract::api::check_json(&request, env.as_deref())
}

/// Renders the contract's docs: `env_contract::api`'s docs request in, `{"text": …}` or a
/// failure out.
#[napi]
pub fn render_docs(request: String) -> String {
    env_contract::api::render_docs_json(&request)
}

/// Runs the `env-contract` command line with these arguments (the first is the program
/// name) and returns its exit code.
#[napi]
pub fn run_cli(args: Vec<String>) -> napi::Result<i32, &'static str> {
    let code = guard(|| env_contract::cli::run(args.into_iter().map(Into::into).collect())).map_err(internal)?;
    // A cdylib has no Rust `main` to flush stdout at exit, and Node exits right after.
    let _ = std::io::Write::flush(&mut std::io::stdout());
    Ok(code)
}

/// Every problem code, in the order of DESIGN §4 (the `ProblemCode` union must match).
#[napi]
pub fn problem_codes() -> Vec<String> {
    env_contract::Code::ALL.iter().map(|c| c.as_str().to_string()).collect()
}

/// The public names of every enum that crosses into JS, as JSON (core's `enums::all_json`):
/// what `__test__/enums.test.cjs` holds the unions of `index.d.ts` to.
#[napi(catch_unwind)]
pub fn enum_names() -> String {
    env_contract::enums::all_json()
}

/// How the contract cache has been used in this process.
#[napi(object)]
pub struct CacheStats {
    pub hits: u32,
    pub misses: u32,
    pub entries: u32,
}

/// Contract cache statistics (for tests and diagnostics).
#[napi]
pub fn cache_stats() -> CacheStats {
    let s = env_contract::cache::stats();
    let n = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
    CacheStats { hits: n(s.hits), misses: n(s.misses), entries: n(s.entries as u64) }
}

/// TEST BUILDS ONLY (cargo feature `test-panic`, which no shipped artifact has): panics with
/// a message holding `value`, to prove that neither the error nor stderr shows a panic's
/// payload and that the process lives on.
#[cfg(feature = "test-panic")]
#[napi]
pub fn panic_for_test(value: String) -> napi::Result<(), &'static str> {
    guard(|| panic!("env-contract test panic holding {value}")).map_err(internal)
}
