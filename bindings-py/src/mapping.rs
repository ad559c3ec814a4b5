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
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};
use std::sync::{Arc, Mutex, PoisonError};

/// What a trail records of an object: a dict or list (walked into on the next call) or a leaf.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Dict,
    List,
    Leaf,
}

/// The objects a walk met, in order: each one's address, kind and length (a dict's or list's
/// items; 0 for a leaf), and the objects themselves, held so that no address is reused while
/// the trail is kept.
#[derive(Default)]
struct Trail {
    seen: Vec<(usize, Kind, usize)>,
    held: Vec<Py<PyAny>>,
}

impl Trail {
    fn push(&mut self, obj: &Bound<'_, PyAny>, kind: Kind, len: usize) {
        self.seen.push((obj.as_ptr() as usize, kind, len));
        self.held.push(obj.clone().unbind());
    }
}

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
    let known = lock().as_ref().filter(|w| unchanged(mapping, &w.trail.seen)).map(|w| w.id);
    if let Some(contract) = known.and_then(cache::load_id) {
        return Ok(Ok(contract));
    }
    let text = contract_text(mapping)?;
    // Taken with the text, before detaching: while detached another thread may change the
    // mapping, and a trail of the changed one would then stand for the text of the old one.
    // (For the types kept, writing the text runs no Python code, so nothing changes between.)
    let trail = trail_of(mapping);
    Ok(py.detach(|| cache::load_text_with_id(&text)).map(|(id, contract)| {
        if let Some(trail) = trail {
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
            trail.push(obj, Kind::Dict, dict.len());
            for (k, v) in dict.iter() {
                if !k.is_exact_instance_of::<PyString>() {
                    return None;
                }
                trail.push(&k, Kind::Leaf, 0);
                walk(&v, depth + 1, trail)?;
            }
        } else if let Ok(list) = obj.cast_exact::<PyList>() {
            trail.push(obj, Kind::List, list.len());
            for item in list.iter() {
                walk(&item, depth + 1, trail)?;
            }
        } else if obj.is_exact_instance_of::<PyString>()
            || obj.is_exact_instance_of::<PyInt>()
            || obj.is_exact_instance_of::<PyFloat>()
            || obj.is_exact_instance_of::<PyBool>()
            || obj.is_none()
        {
            trail.push(obj, Kind::Leaf, 0);
        } else {
            return None;
        }
        Some(())
    }
    let mut trail = Trail::default();
    walk(obj, 0, &mut trail).map(|()| trail)
}

/// Whether a walk of `obj` meets exactly the objects of `seen`, in order, with their lengths.
///
/// It reads the containers through borrowed references (`PyDict_Next`, `PyList_GetItem`), so
/// that the walk touches the dicts and lists alone: a leaf is known by its address, and taking
/// a reference to each object (as iterating with pyo3 does) wrote to every one of them.
fn unchanged(obj: &Bound<'_, PyAny>, seen: &[(usize, Kind, usize)]) -> bool {
    fn follow(obj: *mut ffi::PyObject, seen: &[(usize, Kind, usize)], at: &mut usize, depth: usize) -> bool {
        let Some(&(address, kind, len)) = seen.get(*at) else { return false };
        if address != obj as usize || depth > MAX_DEPTH {
            return false;
        }
        *at += 1;
        // A leaf recorded here is known by its address alone: compared in place, without a
        // call (most of a contract's objects are leaves: every key, most values).
        let leaf = |obj: *mut ffi::PyObject, at: &mut usize| match seen.get(*at) {
            Some(&(address, Kind::Leaf, _)) if address == obj as usize => {
                *at += 1;
                true
            }
            _ => false,
        };
        let Ok(len) = ffi::Py_ssize_t::try_from(len) else { return false };
        // SAFETY (both arms): `obj` is the object the trail recorded at this address, alive
        // (the trail holds it), and of the kind recorded: an object's type is fixed for a
        // `dict` or `list` (their `__class__` cannot be assigned). The caller is attached, and
        // nothing here runs Python code or changes a container, so the borrowed references
        // stay valid while they are read; an index below the list's size is in range.
        match kind {
            Kind::Leaf => true,
            Kind::Dict => unsafe {
                if ffi::PyDict_Size(obj) != len {
                    return false;
                }
                let (mut pos, mut key, mut value) = (0, std::ptr::null_mut(), std::ptr::null_mut());
                while ffi::PyDict_Next(obj, &raw mut pos, &raw mut key, &raw mut value) != 0 {
                    if !leaf(key, at) || !(leaf(value, at) || follow(value, seen, at, depth + 1)) {
                        return false;
                    }
                }
                true
            },
            Kind::List => unsafe {
                if ffi::PyList_Size(obj) != len {
                    return false;
                }
                (0..len).all(|i| {
                    let item = ffi::PyList_GetItem(obj, i);
                    leaf(item, at) || follow(item, seen, at, depth + 1)
                })
            },
        }
    }
    let mut at = 0;
    follow(obj.as_ptr(), seen, &mut at, 0) && at == seen.len()
}
