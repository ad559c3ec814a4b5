//! Python ⇄ core conversions.

use env_contract::problem::Values;
use env_contract::{Env, Phase, Problem, Report};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString, PyTuple};
use serde_json::Value;
use std::borrow::Cow;
use std::sync::{Arc, Mutex, PoisonError};

/// The items of the last dict converted, held (so that no address is reused while they are
/// kept), and the environment made of them.
struct LastEnv {
    items: Vec<(Py<PyString>, Py<PyString>)>,
    env: Arc<Env>,
}

/// One environment is kept, as core keeps one (`input::shared_env`).
static LAST_ENV: Mutex<Option<LastEnv>> = Mutex::new(None);

/// A `dict[str, str]` into an environment (core's `shared_env`: the same items as the last
/// call's share its map). A non-`str` key or value is a `TypeError` that names the key (never
/// the value). Strings holding lone surrogates (what `os.environ` makes of bytes that are not
/// UTF-8) are converted lossily to U+FFFD, exactly as core reads the process environment, so
/// the check sees them and reports them instead of crashing.
///
/// A dict whose items are the very objects of the last one converted, in the same order, is
/// that environment without reading a text: a `str` cannot change, and the kept items are held
/// so that none of their addresses can be another object's. Reading each name and value as
/// UTF-8 and comparing them with core's last pairs made a warm `validate_env(env=...)` at 100
/// variables 3.1 µs slower than one from the process environment (22.1 against 19.0 µs); by
/// address it is 0.3 µs slower (17.45 against 17.17). Only exact `str` items are kept (`os.environ.copy()`,
/// `json.load`, a literal): a subclass is converted every time.
pub fn env_from_dict(dict: &Bound<'_, PyDict>) -> PyResult<Arc<Env>> {
    // Iterating a dict runs no Python code, and neither does releasing an exact `str`, so the
    // lock is never held while Python could run (the conversion below may: `lossy`).
    if let Some(kept) = lock_last_env().as_ref().filter(|kept| same_items(dict, &kept.items)) {
        return Ok(Arc::clone(&kept.env));
    }
    let mut items = Vec::with_capacity(dict.len());
    for (k, v) in dict.iter() {
        let key = k.cast_into::<PyString>().map_err(|e| {
            PyTypeError::new_err(format!(
                "env: every name must be a str, got a name of type {}",
                type_name(e.into_inner().as_any())
            ))
        })?;
        let value = v.cast_into::<PyString>().map_err(|e| {
            let v = e.into_inner();
            PyTypeError::new_err(format!(
                "env[{:?}] must be a str, not {}",
                lossy(&key).unwrap_or_default(),
                type_name(v.as_any())
            ))
        })?;
        items.push((key, value));
    }
    let mut pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::with_capacity(items.len());
    for (k, v) in &items {
        pairs.push((text(k)?, text(v)?));
    }
    let env = env_contract::input::shared_env(&pairs);
    *lock_last_env() = items
        .iter()
        .all(|(k, v)| k.is_exact_instance_of::<PyString>() && v.is_exact_instance_of::<PyString>())
        .then(|| LastEnv {
            items: items.iter().map(|(k, v)| (k.clone().unbind(), v.clone().unbind())).collect(),
            env: Arc::clone(&env),
        });
    Ok(env)
}

/// Whether `dict` holds exactly these items, in this order: read through borrowed references
/// (`PyDict_Next`), so that only the dict's table is read, not the strings (taking a reference
/// to each, as iterating with pyo3 does, writes to every one: 20,000 objects at N = 10,000).
fn same_items(dict: &Bound<'_, PyDict>, items: &[(Py<PyString>, Py<PyString>)]) -> bool {
    if dict.len() != items.len() {
        return false;
    }
    let (mut pos, mut key, mut value) = (0, std::ptr::null_mut(), std::ptr::null_mut());
    let mut items = items.iter();
    // SAFETY: `dict` is a live dict and the caller is attached; nothing in the loop runs Python
    // code or changes the dict, so the borrowed references it yields stay valid while compared.
    while unsafe { pyo3::ffi::PyDict_Next(dict.as_ptr(), &raw mut pos, &raw mut key, &raw mut value) } != 0 {
        match items.next() {
            Some((k, v)) if k.as_ptr() == key && v.as_ptr() == value => {}
            _ => return false,
        }
    }
    items.next().is_none()
}

fn lock_last_env() -> std::sync::MutexGuard<'static, Option<LastEnv>> {
    LAST_ENV.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A `str` as UTF-8, borrowed when it is valid UTF-8 (no copy), else [`lossy`].
fn text<'a>(s: &'a Bound<'_, PyString>) -> PyResult<Cow<'a, str>> {
    match s.to_str() {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(_) => lossy(s).map(Cow::Owned),
    }
}

/// A `str` as UTF-8. Lone surrogates are the bytes `os.environ` could not decode
/// (`surrogateescape`): they are turned back into those bytes, then each invalid sequence
/// into one U+FFFD, the same value core reads from the process environment.
fn lossy(s: &Bound<'_, PyString>) -> PyResult<String> {
    if let Ok(text) = s.to_str() {
        return Ok(text.to_string());
    }
    let bytes = s
        .call_method1("encode", ("utf-8", "surrogateescape"))
        .or_else(|_| s.call_method1("encode", ("utf-8", "replace")))?;
    let bytes = bytes.cast::<PyBytes>()?;
    Ok(String::from_utf8_lossy(bytes.as_bytes()).into_owned())
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type().qualname().map_or_else(|_| "?".to_string(), |n| n.to_string())
}

/// `"build"` or `"runtime"`.
pub fn phase(name: &str) -> PyResult<Phase> {
    env_contract::enums::parse(name, &Phase::ALL, "phase").map_err(PyValueError::new_err)
}

/// A JSON value as plain Python objects (`None`, `bool`, `int`, `float`, `str`, `list`, `dict`).
pub fn value_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        Value::Number(n) => {
            if let Some(i) = n.as_i64() {
                i.into_pyobject(py)?.into_any()
            } else if let Some(u) = n.as_u64() {
                u.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(value_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => map_to_py(py, map)?.into_any(),
    })
}

pub fn map_to_py<'py>(py: Python<'py>, map: &serde_json::Map<String, Value>) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (k, v) in map {
        dict.set_item(k, value_to_py(py, v)?)?;
    }
    Ok(dict)
}

/// The names of the values last converted, as interned Python strings, with the core list they
/// were made from: a contract's checks share one list of names (`Values::names`), so each name
/// becomes a `str` once, not on every `assert_env` (100 `str`s a call at N = 100). The `Arc`
/// is held, so the list cannot be freed and another take its address.
///
/// With them, the text values last returned, by place: a value that is the same text as last
/// time is given as the same `str` (it cannot change), not made again. Comparing a text with
/// the kept `str`'s UTF-8 costs less than making a `str` and freeing the last one; the process
/// holds these values in its environment anyway.
static NAMES: Mutex<Option<Kept>> = Mutex::new(None);

/// Core's list of names, each name as a Python `str`, and the text values last returned.
struct Kept {
    of: Arc<[String]>,
    keys: Vec<Py<PyString>>,
    texts: Vec<Option<Py<PyString>>>,
}

/// `text` as a `str`: the kept one when it holds exactly this text, else a new one, kept.
fn text_to_py<'py>(py: Python<'py>, text: &str, kept: &mut Option<Py<PyString>>) -> Bound<'py, PyAny> {
    if let Some(same) = kept.as_ref().filter(|k| k.bind(py).to_str().is_ok_and(|k| k == text)) {
        return same.bind(py).clone().into_any();
    }
    let made = PyString::new(py, text);
    *kept = Some(made.clone().unbind());
    made.into_any()
}

/// A check's values as a dict, in name order, the names from [`NAMES`]; and the names whose
/// values print masked, as a tuple of the same `str`s (each made once, its hash kept: the
/// `frozenset` the wrapper makes of them reads it).
pub fn values_to_py<'py>(py: Python<'py>, values: &Values) -> PyResult<(Bound<'py, PyDict>, Bound<'py, PyTuple>)> {
    let names = values.names();
    // Taken and put back, never held while Python runs (a collection could run a finaliser that
    // checks again).
    let kept = NAMES.lock().unwrap_or_else(PoisonError::into_inner).take();
    let mut kept = match kept {
        Some(kept) if Arc::ptr_eq(&kept.of, names) => kept,
        _ => Kept {
            of: Arc::clone(names),
            keys: names.iter().map(|n| PyString::intern(py, n).unbind()).collect(),
            texts: Vec::new(),
        },
    };
    kept.texts.resize_with(kept.keys.len(), || None);
    let dict = PyDict::new(py);
    let mut failed = None;
    for ((key, slot), text) in kept.keys.iter().zip(values.slots()).zip(kept.texts.iter_mut()) {
        let Some(v) = slot else { continue };
        let v = match v {
            Value::String(s) => Ok(text_to_py(py, s, text)),
            v => value_to_py(py, v),
        };
        if let Err(e) = v.and_then(|v| dict.set_item(key.bind(py), v)) {
            failed = Some(e);
            break;
        }
    }
    let secret = PyTuple::new(py, values.secret_places().iter().map(|&i| kept.keys[i].bind(py)));
    *NAMES.lock().unwrap_or_else(PoisonError::into_inner) = Some(kept);
    match failed {
        Some(e) => Err(e),
        None => Ok((dict, secret?)),
    }
}

fn problem_to_py<'py>(py: Python<'py>, p: &Problem) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "var"), p.var.as_deref())?;
    d.set_item(intern!(py, "code"), p.code.as_str())?;
    d.set_item(intern!(py, "severity"), p.severity.as_str())?;
    d.set_item(intern!(py, "message"), &p.message)?;
    d.set_item(intern!(py, "hint"), p.hint.as_deref())?;
    Ok(d)
}

/// A report's problems as `[{var, code, severity, message, hint}]`.
pub fn problems_to_py<'py>(py: Python<'py>, r: &Report) -> PyResult<Bound<'py, PyList>> {
    let problems = PyList::empty(py);
    for p in &r.problems {
        problems.append(problem_to_py(py, p)?)?;
    }
    Ok(problems)
}

/// `items` as a list, or the empty tuple when there are none (no list made for what is
/// nearly always empty: the notices and warnings of a check).
pub fn list_or_empty<'py, T: IntoPyObject<'py>>(py: Python<'py>, items: Vec<T>) -> PyResult<Bound<'py, PyAny>> {
    if items.is_empty() {
        return Ok(PyTuple::empty(py).into_any());
    }
    Ok(PyList::new(py, items)?.into_any())
}

/// How deep a contract given as a `Mapping` may nest: far beyond any real contract, and what
/// turns a cycle (a dict that holds itself) into an error instead of a stack overflow.
pub const MAX_DEPTH: usize = 256;

/// Where a walk is in a contract, kept on the stack and spelled as a JSON pointer only for an
/// error message.
enum At<'a> {
    Root,
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    fn pointer(&self) -> String {
        match self {
            At::Root => String::new(),
            At::Key(up, key) => format!("{}/{}", up.pointer(), key.replace('~', "~0").replace('/', "~1")),
            At::Index(up, i) => format!("{}/{i}", up.pointer()),
        }
    }

    fn shown(&self) -> String {
        let p = self.pointer();
        if p.is_empty() { "/".to_string() } else { p }
    }
}

/// A contract given as a `Mapping` (the parsed JSON of `env.contract.json`, or one built in
/// code) as core's JSON text. Written here rather than by `json.dumps`, so that a check never
/// imports `json` (and `re` under it: about 2 ms of boot), in about half its time
/// (docs/python.md).
///
/// It takes what `json.dumps` takes: any `Mapping` is an object (keys `str`, or `int`,
/// `float`, `bool`, `None` written as JSON writes them), a list, tuple, set or frozenset an
/// array, and `str`, `int`, `float`, `bool` and `None` themselves. Anything else is a
/// `TypeError` naming its type and where it is (a JSON pointer): the contract's own words,
/// never an environment's value.
pub fn contract_text(contract: &Bound<'_, PyAny>) -> PyResult<String> {
    // Bytes, checked as UTF-8 once at the end (checking after each string is quadratic).
    let mut out = Vec::with_capacity(4096);
    write_json(contract, &At::Root, 0, &mut out)?;
    // Written from `str`s and ASCII alone.
    String::from_utf8(out).map_err(|_| PyValueError::new_err("the contract's JSON is not UTF-8"))
}

fn write_str(s: &str, out: &mut Vec<u8>) {
    // serde_json's own escaping; writing to a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

/// A scalar as JSON (`None` for a container or anything else).
fn scalar(obj: &Bound<'_, PyAny>, at: &At<'_>) -> PyResult<Option<String>> {
    use pyo3::types::{PyBool, PyFloat, PyInt};
    if obj.is_none() {
        return Ok(Some("null".to_string()));
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Some(b.is_true().to_string()));
    }
    if obj.is_instance_of::<PyInt>() {
        if let Ok(n) = obj.extract::<i64>() {
            return Ok(Some(n.to_string()));
        }
        if let Ok(n) = obj.extract::<u64>() {
            return Ok(Some(n.to_string()));
        }
        return Err(PyValueError::new_err(format!("the contract holds an integer at {} beyond 64 bits", at.shown())));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return serde_json::Number::from_f64(f.value()).map(|n| Some(n.to_string())).ok_or_else(|| {
            PyValueError::new_err(format!("the contract holds a float at {} that is not finite", at.shown()))
        });
    }
    Ok(None)
}

fn write_json(obj: &Bound<'_, PyAny>, at: &At<'_>, depth: usize, out: &mut Vec<u8>) -> PyResult<()> {
    use pyo3::types::{PyFrozenSet, PyMapping, PySet, PyTuple};
    if depth > MAX_DEPTH {
        return Err(PyValueError::new_err(format!(
            "the contract nests deeper than {MAX_DEPTH} levels at {} (does it hold itself?)",
            at.shown()
        )));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        write_str(s.to_str()?, out);
        return Ok(());
    }
    if let Some(text) = scalar(obj, at)? {
        out.extend_from_slice(text.as_bytes());
        return Ok(());
    }
    if obj.is_instance_of::<PyList>()
        || obj.is_instance_of::<PyTuple>()
        || obj.is_instance_of::<PySet>()
        || obj.is_instance_of::<PyFrozenSet>()
    {
        out.push(b'[');
        for (i, item) in obj.try_iter()?.enumerate() {
            if i > 0 {
                out.push(b',');
            }
            write_json(&item?, &At::Index(at, i), depth + 1, out)?;
        }
        out.push(b']');
        return Ok(());
    }
    let dict;
    let map = if let Ok(d) = obj.cast::<PyDict>() {
        d
    } else if let Ok(m) = obj.cast::<PyMapping>() {
        dict = PyDict::new(obj.py());
        for pair in m.items()?.iter() {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = pair.extract()?;
            dict.set_item(k, v)?;
        }
        &dict
    } else {
        return Err(PyTypeError::new_err(format!(
            "the contract holds a {} at {}, which is not JSON",
            type_name(obj),
            at.shown()
        )));
    };
    out.push(b'{');
    for (i, (k, v)) in map.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let scalar_key;
        let key = if let Ok(s) = k.cast::<PyString>() {
            s.to_str()?
        } else if let Some(text) = scalar(&k, at)? {
            scalar_key = text;
            scalar_key.as_str()
        } else {
            return Err(PyTypeError::new_err(format!(
                "the contract has a key of type {} at {}: keys must be str, int, float, bool or None",
                type_name(&k),
                at.shown()
            )));
        };
        write_str(key, out);
        out.push(b':');
        write_json(&v, &At::Key(at, key), depth + 1, out)?;
    }
    out.push(b'}');
    Ok(())
}
