//! Node.js addon of env-contract: the native half of the npm package `env-contract`.
//!
//! The JavaScript layer (`index.js`) owns the public API and the error classes; this addon
//! only moves data. Each export takes and returns JSON text, so one check is one N-API call.
//! Every export is `catch_unwind`: a Rust panic becomes a JavaScript `Error`, never an abort.

// The napi macros expand to `unsafe` code and to items that trip pedantic lints we do not
// control (e.g. needless pass-by-value of the JS arguments).
#![allow(unsafe_code, clippy::needless_pass_by_value)]

mod cache;
mod convert;
mod env;
mod errors;

use napi_derive::napi;

/// Checks an environment. `request` is the JSON of [`convert::CheckRequest`]; the answer is
/// the JSON of [`convert::CheckResponse`] (a report and values, or a tagged failure).
///
/// `env`, when given, is the environment to check packed as `name\0value\0name\0value\0…`
/// (what the JS layer sends for `options.env`: no JSON to write in JS nor to parse here); it
/// takes the place of `request.env`.
#[napi(catch_unwind)]
pub fn check(request: String, env: Option<String>) -> napi::Result<String> {
    let mut request = convert::parse_request::<convert::CheckRequest>(&request)?;
    if let Some(packed) = env {
        request.packed_env = Some(convert::unpack_env(&packed)?);
    }
    Ok(convert::to_json(&convert::check(request)))
}

/// Renders the contract's docs. `request` is the JSON of [`convert::DocsRequest`]; the answer
/// is `{"text": …}` or a tagged failure.
#[napi(catch_unwind)]
pub fn render_docs(request: String) -> napi::Result<String> {
    let request = convert::parse_request::<convert::DocsRequest>(&request)?;
    Ok(convert::to_json(&convert::render_docs(&request)))
}

/// Runs the `env-contract` command line with these arguments (the first is the program
/// name) and returns its exit code.
#[napi(catch_unwind)]
pub fn run_cli(args: Vec<String>) -> i32 {
    let code = env_contract::cli::run(args.into_iter().map(Into::into).collect());
    // A cdylib has no Rust `main` to flush stdout at exit, and Node exits right after.
    let _ = std::io::Write::flush(&mut std::io::stdout());
    code
}

/// Every problem code, in the order of DESIGN §4 (the `ProblemCode` union must match).
#[napi(catch_unwind)]
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
#[napi(catch_unwind)]
pub fn cache_stats() -> CacheStats {
    cache::stats()
}

/// Provokes a Rust panic, to prove that none reaches JavaScript as a crash. Off unless the
/// process environment has `ENV_CONTRACT_TEST_PANIC=1`.
#[napi(catch_unwind)]
pub fn panic_for_test() -> napi::Result<()> {
    if std::env::var_os("ENV_CONTRACT_TEST_PANIC").is_none_or(|v| v != "1") {
        return Err(napi::Error::from_reason("panic_for_test is disabled (set ENV_CONTRACT_TEST_PANIC=1)"));
    }
    panic!("env-contract: panic provoked on purpose by a test")
}
