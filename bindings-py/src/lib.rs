//! Python extension of env-contract: the module `env_contract._native`.
//!
//! Thin on purpose: conversions (`convert`), error mapping (`errors`), reading the process
//! environment (`env`). The public API, the exception classes and the `FastAPI` helpers are in
//! the pure-Python package `env_contract` (`bindings-py/python/env_contract/`).

// `#[pyfunction]` arguments are extracted into owned values (`Option<Bound<PyDict>>`,
// `PathBuf`, ...), which pedantic clippy reads as needless pass-by-value.
#![allow(clippy::needless_pass_by_value)]

mod convert;
mod env;
mod errors;

use env_contract::docs::{DocsFormat, render as render_docs_core};
use env_contract::render::{TextOptions, text};
use env_contract::{CheckOptions, Code, Contract, ContractError};
use errors::{contract_error, guard};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock, Mutex, PoisonError};

/// Compiled contracts, keyed by path and content: a changed file is compiled again, an
/// unchanged one (or the same `Mapping`) costs one file read and a lookup.
type CacheKey = (Option<PathBuf>, String);
static CACHE: LazyLock<Mutex<HashMap<CacheKey, Arc<Contract>>>> = LazyLock::new(Mutex::default);
/// More distinct contracts than this in one process is unusual; the cache then starts over.
const CACHE_LIMIT: usize = 64;

fn cache() -> std::sync::MutexGuard<'static, HashMap<CacheKey, Arc<Contract>>> {
    CACHE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Loads a contract from a file or from JSON text, through the cache.
fn load(path: Option<&Path>, json: Option<&str>) -> Result<Arc<Contract>, ContractError> {
    let (key, source) = match (path, json) {
        (Some(path), _) => match std::fs::read_to_string(path) {
            Ok(text) => ((Some(path.to_path_buf()), text), Some(path.to_path_buf())),
            // core words the error (missing file, a directory, not UTF-8, ...)
            Err(_) => return Contract::from_path(path).map(Arc::new),
        },
        (None, Some(json)) => ((None, json.to_string()), None),
        (None, None) => return Contract::from_text("", None).map(Arc::new),
    };
    if let Some(hit) = cache().get(&key) {
        return Ok(Arc::clone(hit));
    }
    let contract = Arc::new(Contract::from_text(&key.1, source)?);
    let mut cache = cache();
    if cache.len() >= CACHE_LIMIT {
        cache.clear();
    }
    cache.insert(key, Arc::clone(&contract));
    Ok(contract)
}

fn load_py(py: Python<'_>, path: Option<&Path>, json: Option<&str>) -> PyResult<Arc<Contract>> {
    py.detach(|| load(path, json)).map_err(|e| contract_error(py, &e))
}

/// Checks an environment against a contract; never raises for problems of the environment.
///
/// Returns `{"report": {...}, "values": {...}, "text": str}`.
#[pyfunction]
#[pyo3(signature = (contract_path=None, contract_json=None, *, env=None, env_files=Vec::new(), environment=None, phase="runtime"))]
fn check<'py>(
    py: Python<'py>,
    contract_path: Option<PathBuf>,
    contract_json: Option<String>,
    env: Option<Bound<'py, PyDict>>,
    env_files: Vec<PathBuf>,
    environment: Option<String>,
    phase: &str,
) -> PyResult<Bound<'py, PyDict>> {
    guard(py, || {
        let options = CheckOptions { environment, phase: convert::phase(phase)? };
        let env = env::build(py, env.as_ref(), &env_files)?;
        let contract = load_py(py, contract_path.as_deref(), contract_json.as_deref())?;
        let label = contract_path.as_ref().map(|p| p.display().to_string());
        let (outcome, rendered) = py.detach(|| {
            let outcome = contract.check(&env, &options);
            let rendered = text(&outcome.report, &TextOptions { contract_label: label, color: false });
            (outcome, rendered)
        });
        let out = PyDict::new(py);
        out.set_item("report", convert::report_to_py(py, &outcome.report)?)?;
        out.set_item("values", convert::map_to_py(py, outcome.values.as_map())?)?;
        out.set_item("text", rendered)?;
        Ok(out)
    })
}

/// Renders a contract's docs: `"markdown"`, `"env-example"` or `"dts"`.
#[pyfunction]
#[pyo3(signature = (contract_path=None, contract_json=None, *, format="markdown"))]
fn render_docs(
    py: Python<'_>,
    contract_path: Option<PathBuf>,
    contract_json: Option<String>,
    format: &str,
) -> PyResult<String> {
    guard(py, || {
        let format = match format {
            "markdown" => DocsFormat::Markdown,
            "env-example" => DocsFormat::EnvExample,
            "dts" => DocsFormat::Dts,
            other => {
                return Err(PyValueError::new_err(format!(
                    "format must be \"markdown\", \"env-example\" or \"dts\", not {other:?}"
                )));
            }
        };
        let contract = load_py(py, contract_path.as_deref(), contract_json.as_deref())?;
        Ok(py.detach(|| render_docs_core(&contract, format)))
    })
}

/// Runs the `env-contract` command line (`argv[0]` is the program name); returns the exit code.
#[pyfunction]
fn run_cli(py: Python<'_>, argv: Vec<OsString>) -> PyResult<i32> {
    guard(py, || Ok(py.detach(|| env_contract::cli::run(argv))))
}

/// How many compiled contracts the cache holds (for tests).
#[pyfunction]
fn cache_size() -> usize {
    cache().len()
}

/// Empties the contract cache.
#[pyfunction]
fn clear_cache() {
    cache().clear();
}

/// TEST ONLY: panics inside native code when `ENV_CONTRACT_TEST_PANIC=1`, to prove that a
/// panic reaches Python as `env_contract.InternalError` (an `Exception`), never as pyo3's
/// `PanicException` (a `BaseException`). Without the variable it raises `RuntimeError`.
#[pyfunction]
fn _test_panic(py: Python<'_>) -> PyResult<()> {
    if std::env::var_os("ENV_CONTRACT_TEST_PANIC").is_none_or(|v| v != "1") {
        return Err(PyRuntimeError::new_err("_test_panic is for tests only: set ENV_CONTRACT_TEST_PANIC=1"));
    }
    guard(py, || py.detach(|| panic!("env-contract test panic")))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(render_docs, m)?)?;
    m.add_function(wrap_pyfunction!(run_cli, m)?)?;
    m.add_function(wrap_pyfunction!(cache_size, m)?)?;
    m.add_function(wrap_pyfunction!(clear_cache, m)?)?;
    m.add_function(wrap_pyfunction!(_test_panic, m)?)?;
    m.add("CODES", PyTuple::new(m.py(), Code::ALL.iter().map(|c| c.as_str()))?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
