//! Mapping core errors and Rust panics to the exceptions of `env_contract` (defined in its `__init__.py`).
//!
//! The exception classes are written in Python (so `except ContractError` works whether the
//! error came from Rust or Python); Rust imports them once and raises them with the error's
//! data attached.

use env_contract::ContractError;
use env_contract::envfile::EnvFileError;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

const ERRORS_MODULE: &str = "env_contract";

static CONTRACT_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static ENV_FILE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static INTERNAL_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Builds an instance of a Python exception class; falls back to `RuntimeError` if the
/// Python half of the package cannot be imported (the message is kept either way).
fn raise(
    py: Python<'_>,
    cell: &'static PyOnceLock<Py<PyType>>,
    name: &str,
    message: &str,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyErr {
    let made = cell.import(py, ERRORS_MODULE, name).and_then(|cls| cls.call((message,), kwargs));
    match made {
        Ok(instance) => PyErr::from_value(instance),
        Err(_) => PyRuntimeError::new_err(message.to_string()),
    }
}

/// A broken contract: `ContractError(message, kind=..., file=..., line=..., column=..., pointer=...)`.
pub fn contract_error(py: Python<'_>, e: &ContractError) -> PyErr {
    let kwargs = PyDict::new(py);
    let kind = serde_json::to_value(e.kind).ok().and_then(|v| v.as_str().map(ToString::to_string)).unwrap_or_default();
    let loc = &e.location;
    let fill = || -> PyResult<()> {
        kwargs.set_item("kind", kind)?;
        kwargs.set_item("file", loc.file.as_ref().map(|f| f.display().to_string()))?;
        kwargs.set_item("line", loc.line)?;
        kwargs.set_item("column", loc.column)?;
        kwargs.set_item("pointer", loc.pointer.as_deref())?;
        Ok(())
    };
    if let Err(err) = fill() {
        return err;
    }
    raise(py, &CONTRACT_ERROR, "ContractError", &env_contract::render::contract_failure(e), Some(&kwargs))
}

/// A dotenv file that cannot be read or parsed (the message never quotes the file's lines).
pub fn env_file_error(py: Python<'_>, e: &EnvFileError) -> PyErr {
    let kwargs = PyDict::new(py);
    if let Err(err) = kwargs.set_item("path", e.path.display().to_string()) {
        return err;
    }
    let lines: Vec<(usize, usize, String)> = e.lines.iter().map(|l| (l.line, l.column, l.message.clone())).collect();
    if let Err(err) = kwargs.set_item("lines", lines) {
        return err;
    }
    raise(py, &ENV_FILE_ERROR, "EnvFileError", &env_contract::render::env_file_failure(e), Some(&kwargs))
}

/// A Rust panic, turned into `env_contract.InternalError` (an ordinary `Exception`) with
/// core's fixed message: the payload is shown nowhere (`env_contract::panic`).
pub fn internal_error(py: Python<'_>) -> PyErr {
    raise(py, &INTERNAL_ERROR, "InternalError", env_contract::panic::MESSAGE, None)
}

/// Runs an entry point so that no panic reaches Python as pyo3's `PanicException` (a
/// `BaseException` that `except Exception` misses). Panics inside `py.detach` unwind back
/// here too: pyo3 re-attaches the thread while unwinding.
pub fn guard<T>(py: Python<'_>, f: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    env_contract::panic::guard(f).unwrap_or_else(|_| Err(internal_error(py)))
}
