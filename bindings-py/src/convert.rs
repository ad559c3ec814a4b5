//! Python ⇄ core conversions.

use env_contract::{Env, Phase, Problem, Report};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyString};
use serde_json::Value;

/// A `dict[str, str]` into an environment. A non-`str` key or value is a `TypeError` that
/// names the key (never the value). Strings holding lone surrogates (what `os.environ` makes
/// of bytes that are not UTF-8) are converted lossily to U+FFFD, exactly as core reads the
/// process environment, so the check sees them and reports them instead of crashing.
pub fn env_from_dict(dict: &Bound<'_, PyDict>) -> PyResult<Env> {
    let mut env = env_contract::input::env_with_capacity(dict.len());
    for (k, v) in dict.iter() {
        let key = k.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!("env: every name must be a str, got a name of type {}", type_name(&k)))
        })?;
        let key = lossy(key)?;
        let value = v
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err(format!("env[{key:?}] must be a str, not {}", type_name(&v))))?;
        env.insert(key, lossy(value)?);
    }
    Ok(env)
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

fn problem_to_py<'py>(py: Python<'py>, p: &Problem) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("var", p.var.as_deref())?;
    d.set_item("code", p.code.as_str())?;
    d.set_item("severity", p.severity.as_str())?;
    d.set_item("message", &p.message)?;
    d.set_item("hint", p.hint.as_deref())?;
    Ok(d)
}

/// A report as `{ok, environment, checked, problems: [{var, code, severity, message, hint}]}`.
pub fn report_to_py<'py>(py: Python<'py>, r: &Report) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("ok", r.ok)?;
    d.set_item("environment", &r.environment)?;
    d.set_item("checked", r.checked)?;
    let problems = PyList::empty(py);
    for p in &r.problems {
        problems.append(problem_to_py(py, p)?)?;
    }
    d.set_item("problems", problems)?;
    Ok(d)
}
