//! The process environment, read again only when it has changed.
//!
//! A warm check from the process environment (Node's `validateEnv()` without `env`, Python's
//! `validate_env()` without `env=`) copied every variable out of the environment into a fresh
//! map and freed it afterwards: two allocations and two frees a variable, a quarter of the
//! whole call. On Linux this module keeps the last map it built together with the bytes it was
//! built from (each `NAME=value` entry and its NUL), and on the next call compares the
//! environment's entries with those bytes in place; only a difference builds a new map. The
//! comparison is byte for byte, never a hash or a count, so a changed value (same length, same
//! pointer, or not) is always seen.
//!
//! Reading `environ` without copying is what `std::env::vars_os` does too (it copies while it
//! reads). Its lock excludes only `std::env::set_var` in the same copy of the standard library,
//! which core never calls outside tests; the runtimes that call us change the environment on
//! the thread that calls us (Node's `process.env` setter on the JS thread, Python's
//! `os.environ` with the thread attached: `bindings-py/src/env.rs`), so no entry changes while
//! it is read, as for `vars_os`. Every read here holds one lock, so two checks on two threads never
//! read it at once. Elsewhere (macOS, Windows, WebAssembly) every call reads the environment
//! through `std::env::vars_os`.

use crate::input::Env;
use std::sync::Arc;

/// The process environment. Names or values that are not UTF-8 are converted lossily (U+FFFD),
/// so a check sees them and reports them instead of crashing.
pub fn get() -> Arc<Env> {
    imp::get()
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
mod imp {
    use super::{Arc, Env};
    use std::ffi::{CStr, c_char};
    use std::sync::{Mutex, PoisonError};

    unsafe extern "C" {
        /// The C library's environment: a null-terminated array of `NAME=value` C strings.
        static environ: *const *const c_char;
    }

    /// The map last built, and the bytes of the entries it was built from.
    pub(super) struct Snapshot {
        /// Every entry with its NUL, one after the other.
        bytes: Vec<u8>,
        env: Arc<Env>,
    }

    /// Held by every read of `environ` here (and by the tests while they change it).
    pub(super) static LAST: Mutex<Option<Snapshot>> = Mutex::new(None);

    /// A name or value as text: the bytes as they are when they are UTF-8 (no copy), else lossily.
    fn text(bytes: Vec<u8>) -> String {
        String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// The map of the entries `NAME=value`, as `std::env::vars_os` splits them: at the first `=`
    /// after the first byte (a name may start with `=`); an entry without one is not a variable.
    /// A name given twice keeps its last value, as collecting `vars_os` into a map does.
    pub(super) fn env_of<'a>(entries: impl Iterator<Item = &'a [u8]>, capacity: usize) -> Env {
        let mut env = crate::input::env_with_capacity(capacity);
        for entry in entries {
            let Some(eq) = entry.get(1..).and_then(|rest| rest.iter().position(|&b| b == b'=')) else { continue };
            let (name, value) = (&entry[..=eq], &entry[eq + 2..]);
            env.insert(text(name.to_vec()), text(value.to_vec()));
        }
        env
    }

    /// Calls `f` on each entry of the environment, with its NUL, in order; stops when `f` says
    /// false.
    fn each_entry(mut f: impl FnMut(&[u8]) -> bool) {
        // SAFETY: `environ` is null or a null-terminated array of pointers to NUL-terminated
        // strings, which nothing changes while this runs (the module docs). Each slice lives
        // only for its call of `f`.
        unsafe {
            let mut at = environ;
            if at.is_null() {
                return;
            }
            while !(*at).is_null() {
                if !f(CStr::from_ptr(*at).to_bytes_with_nul()) {
                    return;
                }
                at = at.add(1);
            }
        }
    }

    /// Whether the environment's entries are exactly `bytes`.
    fn unchanged(bytes: &[u8]) -> bool {
        let mut rest = bytes;
        let mut same = true;
        each_entry(|entry| {
            same = rest.starts_with(entry);
            rest = rest.get(entry.len()..).unwrap_or_default();
            same
        });
        same && rest.is_empty()
    }

    pub(super) fn get() -> Arc<Env> {
        let mut last = LAST.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(s) = last.as_ref().filter(|s| unchanged(&s.bytes)) {
            return Arc::clone(&s.env);
        }
        let mut bytes = Vec::with_capacity(last.as_ref().map_or(4096, |s| s.bytes.len()));
        let mut count = 0;
        each_entry(|entry| {
            bytes.extend_from_slice(entry);
            count += 1;
            true
        });
        let entries = bytes.split_inclusive(|&b| b == 0).map(|e| &e[..e.len() - 1]);
        let env = Arc::new(env_of(entries, count));
        *last = Some(Snapshot { bytes, env: Arc::clone(&env) });
        env
    }
}

#[cfg(not(target_os = "linux"))]
mod imp {
    use super::{Arc, Env};

    pub(super) fn get() -> Arc<Env> {
        let vars = std::env::vars_os();
        let mut env = crate::input::env_with_capacity(vars.size_hint().0);
        let text = |s: std::ffi::OsString| s.into_string().unwrap_or_else(|s| s.to_string_lossy().into_owned());
        env.extend(vars.map(|(k, v)| (text(k), text(v))));
        Arc::new(env)
    }
}

#[cfg(test)]
#[allow(unsafe_code)]
mod tests {
    use super::*;

    /// Sets or removes a variable while no read of this module runs.
    fn set(name: &str, value: Option<&str>) {
        #[cfg(target_os = "linux")]
        let _reads = imp::LAST.lock();
        // SAFETY: no other thread of the tests changes the environment, and this module's
        // reads wait for the lock held here.
        unsafe {
            match value {
                Some(v) => std::env::set_var(name, v),
                None => std::env::remove_var(name),
            }
        }
    }

    /// What `std::env::vars_os` reads, as a map.
    fn by_std() -> Env {
        std::env::vars_os().map(|(k, v)| (k.to_string_lossy().into_owned(), v.to_string_lossy().into_owned())).collect()
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn entries_split_as_std_splits_them() {
        use imp::env_of;
        let entries: [&[u8]; 6] = [b"A=1", b"B==2", b"=C=3", b"NOEQUALS", b"", b"A=4"];
        let env = env_of(entries.into_iter(), 4);
        let mut got: Vec<_> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        got.sort_unstable();
        assert_eq!(got, [("=C", "3"), ("A", "4"), ("B", "=2")]);
        let lossy = env_of([b"N\xff=v\xfe".as_slice()].into_iter(), 1);
        assert_eq!(lossy.get("N\u{fffd}").map(String::as_str), Some("v\u{fffd}"));
    }

    /// Every change to the environment is seen on the next read, a value of the same length
    /// included; an unchanged environment gives back the same map.
    #[test]
    fn a_change_is_seen_and_no_change_reads_nothing_again() {
        let name = format!("ENV_CONTRACT_PROCENV_TEST_{}", std::process::id());
        set(&name, Some("aaaa"));
        let first = get();
        assert_eq!(*first, by_std());
        assert_eq!(first.get(&name).map(String::as_str), Some("aaaa"));
        let again = get();
        #[cfg(target_os = "linux")]
        assert!(Arc::ptr_eq(&first, &again), "an unchanged environment is read again");
        assert_eq!(*again, by_std());
        for value in ["aaab", "aaaab", "", "baaa"] {
            set(&name, Some(value));
            let now = get();
            assert_eq!(now.get(&name).map(String::as_str), Some(value));
            assert_eq!(*now, by_std());
        }
        set(&name, None);
        let now = get();
        assert!(!now.contains_key(&name));
        assert_eq!(*now, by_std());
    }
}
