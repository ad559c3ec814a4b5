//! A contract given as a `Mapping`, known again by identity while it is unchanged.
//!
//! A warm check with a contract dict (`validate_env(CONTRACT)`, where `CONTRACT` is the parsed
//! `env.contract.json`) wrote the whole dict as JSON text on every call, and core then hashed
//! that text to find its compiled contract: more than the check itself at 100 variables. The
//! JavaScript front freezes a contract object and keys it by identity; a Python dict cannot be
//! frozen, so this module keeps, for the last contract written, every object the writer met,
//! in order, with the length of each dict and list (held, so that no id is reused while it is
//! kept). The next call walks the mapping again and compares object for object: the same
//! objects in the same order, with the same lengths, are the same JSON, because the leaves
//! (`str`, `int`, `float`, `bool`, `None`) cannot change and every container is walked into.
//! A change anywhere, in place or not, is a difference, and the mapping is written again.
//!
//! Only the types `json.load` makes are kept this way, exactly (`dict`, `list` and the five
//! leaves, no subclass): any other `Mapping`, a tuple or a set is written every time, as
//! before. One contract is kept, as core keeps one packed environment.

use crate::convert::{MAX_DEPTH, contract_text};
use env_contract::{Contract, ContractError, cache};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};
use std::sync::{Arc, Mutex, PoisonError};

/// The objects a walk met, in order, each with its length (a dict's or list's; 0 for a leaf).
type Trail = Vec<(Py<PyAny>, usize)>;

/// The last contract mapping written: its trail and the id core's cache gave its text.
struct Written {
    trail: Trail,
    id: u64,
}

static LAST: Mutex<Option<Written>> = Mutex::new(None);

/// The compiled contract of `mapping`: core's cache entry by id when the mapping is the one
/// last written and unchanged, else compiled (or found) from its JSON text. `Ok(Err(_))` is a
/// broken contract; `Err(_)` a mapping that is not JSON (`contract_text`'s errors).
pub fn load(py: Python<'_>, mapping: &Bound<'_, PyAny>) -> PyResult<Result<Arc<Contract>, ContractError>> {
    // The lock is never held while detached (another thread, attached, could be waiting for it).
    let known = lock().as_ref().filter(|w| unchanged(mapping, &w.trail)).map(|w| w.id);
    if let Some(contract) = known.and_then(cache::load_id) {
        return Ok(Ok(contract));
    }
    let text = contract_text(mapping)?;
    Ok(py.detach(|| cache::load_text_with_id(&text)).map(|(id, contract)| {
        if let Some(trail) = trail_of(mapping) {
            *lock() = Some(Written { trail, id });
        }
        contract
    }))
}

fn lock() -> std::sync::MutexGuard<'static, Option<Written>> {
    LAST.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The trail of `obj`, or None when it holds a type this module does not keep (or nests
/// deeper than the writer allows).
fn trail_of(obj: &Bound<'_, PyAny>) -> Option<Trail> {
    fn walk(obj: &Bound<'_, PyAny>, depth: usize, trail: &mut Trail) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        if let Ok(dict) = obj.cast_exact::<PyDict>() {
            trail.push((obj.clone().unbind(), dict.len()));
            for (k, v) in dict.iter() {
                if !k.is_exact_instance_of::<PyString>() {
                    return None;
                }
                trail.push((k.unbind(), 0));
                walk(&v, depth + 1, trail)?;
            }
        } else if let Ok(list) = obj.cast_exact::<PyList>() {
            trail.push((obj.clone().unbind(), list.len()));
            for item in list.iter() {
                walk(&item, depth + 1, trail)?;
            }
        } else if obj.is_exact_instance_of::<PyString>()
            || obj.is_exact_instance_of::<PyInt>()
            || obj.is_exact_instance_of::<PyFloat>()
            || obj.is_exact_instance_of::<PyBool>()
            || obj.is_none()
        {
            trail.push((obj.clone().unbind(), 0));
        } else {
            return None;
        }
        Some(())
    }
    let mut trail = Vec::new();
    walk(obj, 0, &mut trail).map(|()| trail)
}

/// Whether a walk of `obj` meets exactly the objects of `trail`, in order, with their lengths.
fn unchanged(obj: &Bound<'_, PyAny>, trail: &[(Py<PyAny>, usize)]) -> bool {
    /// Follows `obj` from `trail[*at]`; false at the first difference. (It recurses only where
    /// the trail did, so no deeper than the walk that made it.)
    fn follow(obj: &Bound<'_, PyAny>, trail: &[(Py<PyAny>, usize)], at: &mut usize) -> bool {
        let Some((seen, len)) = trail.get(*at) else { return false };
        if seen.as_ptr() != obj.as_ptr() {
            return false;
        }
        *at += 1;
        // Same object, so same type: a dict or list here was one when the trail was made.
        if let Ok(dict) = obj.cast_exact::<PyDict>() {
            if dict.len() != *len {
                return false;
            }
            for (k, v) in dict.iter() {
                match trail.get(*at) {
                    Some((key, _)) if key.as_ptr() == k.as_ptr() => *at += 1,
                    _ => return false,
                }
                if !follow(&v, trail, at) {
                    return false;
                }
            }
        } else if let Ok(list) = obj.cast_exact::<PyList>() {
            if list.len() != *len {
                return false;
            }
            for item in list.iter() {
                if !follow(&item, trail, at) {
                    return false;
                }
            }
        }
        true
    }
    let mut at = 0;
    follow(obj, trail, &mut at) && at == trail.len()
}
