//! What every front does with a Rust panic (a bug in env-contract), decided once:
//!
//! - It never crashes the host process: each entry point of a binding runs inside [`guard`],
//!   and the front raises its ordinary error class with [`MESSAGE`] and the code [`CODE`].
//! - Its payload is never shown, anywhere: the payload of a panic can be built from a value of
//!   the environment (a string-slicing panic quotes the string). Not in the error's message,
//!   not on stderr: [`guard`] installs a panic hook that prints only the source location
//!   (which is env-contract's own code, never a value), for the bug report.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

/// The code of the error a panic becomes.
pub const CODE: &str = "ENV_CONTRACT_INTERNAL";

/// The message of the error a panic becomes.
pub const MESSAGE: &str = "env-contract: internal error (ENV_CONTRACT_INTERNAL): a bug in env-contract's native \
                           code; please report it with the location printed on stderr (the fault's own message \
                           is withheld: it could hold a value)";

/// A panic caught by [`guard`]. Carries nothing of the payload.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Internal;

impl std::fmt::Display for Internal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(MESSAGE)
    }
}

impl std::error::Error for Internal {}

static HOOK: Once = Once::new();

/// Replaces the default panic hook (which prints the payload) with one that prints where the
/// panic happened and nothing of what it said. Idempotent.
pub fn install_hook() {
    HOOK.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let at = info.location().map_or_else(String::new, |l| format!(" at {}:{}", l.file(), l.line()));
            eprintln!("env-contract: internal error ({CODE}){at}; please report it (its message is withheld)");
        }));
    });
}

/// Runs `f`, turning a panic into [`Internal`].
pub fn guard<T>(f: impl FnOnce() -> T) -> Result<T, Internal> {
    // Not in core's own unit tests: the test harness reports failed assertions through the
    // default hook.
    if !cfg!(test) {
        install_hook();
    }
    catch_unwind(AssertUnwindSafe(f)).map_err(|_| Internal)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_panic_becomes_the_fixed_error_and_a_value_never_reaches_its_message() {
        let secret = format!("sk_live_{}", std::process::id() * 7919);
        let caught = super::guard(|| -> u8 { panic!("{secret}") }).unwrap_err();
        assert!(!caught.to_string().contains(&secret[8..]));
        assert!(caught.to_string().contains(super::CODE));
        assert_eq!(super::guard(|| 7), Ok(7));
    }
}
