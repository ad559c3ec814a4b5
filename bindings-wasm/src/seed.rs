//! getrandom's source in the WebAssembly build, so that the module imports nothing.
//!
//! Only hash-map seeds come from here (ahash, inside jsonschema): they protect a map from
//! keys chosen to collide, and the keys of a check are the contract's and the environment's
//! names, which the app itself supplies. No secret, token or identifier is ever made from
//! these bytes. Each call gets different bytes (a counter through splitmix64), as std's own
//! hash maps do without an OS source on this target.

use std::sync::atomic::{AtomicU64, Ordering};

static STATE: AtomicU64 = AtomicU64::new(0x2545_f491_4f6c_dd1d);

fn next() -> u64 {
    let mut z = STATE.fetch_add(0x9e37_79b9_7f4a_7c15, Ordering::Relaxed);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// getrandom 0.3's custom backend (selected by `--cfg getrandom_backend="custom"`).
///
/// # Safety
/// `dest` is valid for writes of `len` bytes (getrandom's contract).
#[unsafe(no_mangle)]
#[allow(clippy::unnecessary_wraps)] // getrandom's signature
unsafe extern "Rust" fn __getrandom_v03_custom(dest: *mut u8, len: usize) -> Result<(), getrandom::Error> {
    let mut filled = 0;
    while filled < len {
        let bytes = next().to_le_bytes();
        let n = bytes.len().min(len - filled);
        // SAFETY: `filled + n <= len`, within the buffer getrandom handed us.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), dest.add(filled), n) };
        filled += n;
    }
    Ok(())
}
