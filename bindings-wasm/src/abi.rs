//! The raw exports: buffers in the module's memory, one JSON answer kept for the JS side.

use crate::calls;
use std::cell::RefCell;
use std::sync::Once;
use std::sync::atomic::{AtomicUsize, Ordering};

thread_local! {
    /// The answer of the last call, until the next one.
    static OUT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Where the hook left the location of the last panic (a leaked `String`, `file:line`): no lock
/// to take, since the instance is in an unknown state once a panic has trapped. Never the
/// payload, which could hold a value (core's rule, `env_contract::panic`).
static PANIC_PTR: AtomicUsize = AtomicUsize::new(0);
static PANIC_LEN: AtomicUsize = AtomicUsize::new(0);
static HOOK: Once = Once::new();

fn install_hook() {
    HOOK.call_once(|| {
        // Core's hook first (its guard would install it later, over this one); it prints to a
        // stderr that goes nowhere here, so this one keeps the location for the JS side.
        env_contract::panic::install_hook();
        std::panic::set_hook(Box::new(|info| {
            let at = info.location().map_or_else(String::new, |l| format!("{}:{}", l.file(), l.line()));
            let at = at.into_boxed_str();
            PANIC_LEN.store(at.len(), Ordering::SeqCst);
            PANIC_PTR.store(Box::leak(at).as_ptr() as usize, Ordering::SeqCst);
        }));
    });
}

/// Takes back a buffer the JS side got from `ec_alloc(cap)` and filled with `len` bytes of UTF-8.
///
/// # Safety
/// `ptr` comes from `ec_alloc(cap)`, `len <= cap` bytes were written, and it is not used again.
unsafe fn take(ptr: *mut u8, len: usize, cap: usize) -> String {
    // SAFETY: by the contract above, `ptr` is a live allocation of `cap.max(1)` bytes, the
    // first `len` of them initialised.
    let bytes = unsafe { Vec::from_raw_parts(ptr, len, cap.max(1)) };
    // The JS side writes with TextEncoder, which always produces valid UTF-8; a lone surrogate
    // becomes U+FFFD there, as it would going through N-API.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn answer(text: String) {
    OUT.with(|out| *out.borrow_mut() = text);
}

/// A buffer of `cap` bytes for the JS side to fill and hand to one export, which frees it.
#[unsafe(no_mangle)]
pub extern "C" fn ec_alloc(cap: usize) -> *mut u8 {
    install_hook();
    let mut buffer = Vec::<u8>::with_capacity(cap.max(1));
    let ptr = buffer.as_mut_ptr();
    std::mem::forget(buffer);
    ptr
}

/// Where the last answer starts in memory.
#[unsafe(no_mangle)]
pub extern "C" fn ec_out_ptr() -> *const u8 {
    OUT.with(|out| out.borrow().as_ptr())
}

/// How many bytes the last answer has.
#[unsafe(no_mangle)]
pub extern "C" fn ec_out_len() -> usize {
    OUT.with(|out| out.borrow().len())
}

/// The location of the panic that trapped the last call (0 when none did).
#[unsafe(no_mangle)]
pub extern "C" fn ec_panic_ptr() -> usize {
    PANIC_PTR.load(Ordering::SeqCst)
}

/// The length of that location.
#[unsafe(no_mangle)]
pub extern "C" fn ec_panic_len() -> usize {
    PANIC_LEN.load(Ordering::SeqCst)
}

/// One check: the request's JSON and, when `env_cap` is not `usize::MAX`, the environment
/// packed as `name\0value\0…` (the same two arguments as the Node addon's `check`).
///
/// # Safety
/// Each buffer comes from `ec_alloc(cap)`, holds `len` bytes and is not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ec_check(
    request: *mut u8,
    request_len: usize,
    request_cap: usize,
    env: *mut u8,
    env_len: usize,
    env_cap: usize,
) {
    install_hook();
    // SAFETY: by the contract above.
    let request = unsafe { take(request, request_len, request_cap) };
    // SAFETY: by the contract above.
    let env = (env_cap != usize::MAX).then(|| unsafe { take(env, env_len, env_cap) });
    answer(calls::check(&request, env.as_deref()));
}

/// Renders the contract's docs; the request is the JSON the Node addon's `renderDocs` takes.
///
/// # Safety
/// The buffer comes from `ec_alloc(cap)`, holds `len` bytes and is not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn ec_render_docs(request: *mut u8, request_len: usize, request_cap: usize) {
    install_hook();
    // SAFETY: by the contract above.
    let request = unsafe { take(request, request_len, request_cap) };
    answer(calls::render_docs(&request));
}

/// Every problem code, as a JSON array, in the order of DESIGN §4.
#[unsafe(no_mangle)]
pub extern "C" fn ec_problem_codes() {
    install_hook();
    answer(calls::problem_codes());
}

/// The public names of every enum that crosses into JS (core's `enums::all_json`), as the
/// Node addon's `enumNames()`.
#[unsafe(no_mangle)]
pub extern "C" fn ec_enum_names() {
    install_hook();
    answer(env_contract::enums::all_json());
}

/// Core's fixed internal error, `{"code": …, "message": …}`: what the JS side throws when a call
/// traps (read once per module, before any call can trap).
#[unsafe(no_mangle)]
pub extern "C" fn ec_internal() {
    answer(calls::internal());
}

/// The contract cache's statistics, `{"hits": …, "misses": …, "entries": …}`.
#[unsafe(no_mangle)]
pub extern "C" fn ec_cache_stats() {
    answer(calls::cache_stats());
}
