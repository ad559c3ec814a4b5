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

/// Compiled contracts read from a file, by path, each with the text it was compiled from: a
/// changed file is compiled again; an unchanged one costs one file read and a comparison of
/// the text with those seen at that path (no hashing of it). Contracts given as a `Mapping`
/// are keyed by their JSON text.
#[derive(Default)]
struct Cache {
    by_path: HashMap<PathBuf, Vec<(String, Arc<Contract>)>>,
    by_text: HashMap<String, Arc<Contract>>,
}

impl Cache {
    fn len(&self) -> usize {
        self.by_path.values().map(Vec::len).sum::<usize>() + self.by_text.len()
    }
}

static CACHE: LazyLock<Mutex<Cache>> = LazyLock::new(Mutex::default);
/// More distinct contracts than this in one process is unusual; the cache then starts over.
const CACHE_LIMIT: usize = 64;

fn cache() -> std::sync::MutexGuard<'static, Cache> {
    CACHE.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Loads a contract from a file or from JSON text, through the cache.
fn load(path: Option<&Path>, json: Option<&str>) -> Result<Arc<Contract>, ContractError> {
    match (path, json) {
        (Some(path), _) => {
            // core words the error (missing file, a directory, not UTF-8, ...)
            let Ok(text) = std::fs::read_to_string(path) else { return Contract::from_path(path).map(Arc::new) };
            if let Some(seen) = cache().by_path.get(path) {
                if let Some((_, hit)) = seen.iter().find(|(t, _)| *t == text) {
                    return Ok(Arc::clone(hit));
                }
            }
            let contract = Arc::new(Contract::from_text(&text, Some(path.to_path_buf()))?);
            let mut cache = cache();
            if cache.len() >= CACHE_LIMIT {
                *cache = Cache::default();
            }
            cache.by_path.entry(path.to_path_buf()).or_default().push((text, Arc::clone(&contract)));
            Ok(contract)
        }
        (None, Some(json)) => {
            if let Some(hit) = cache().by_text.get(json) {
                return Ok(Arc::clone(hit));
            }
            let contract = Arc::new(Contract::from_text(json, None)?);
            let mut cache = cache();
            if cache.len() >= CACHE_LIMIT {
                *cache = Cache::default();
            }
            cache.by_text.insert(json.to_string(), Arc::clone(&contract));
            Ok(contract)
        }
        (None, None) => Contract::from_text("", None).map(Arc::new),
    }
}

fn load_py(py: Python<'_>, path: Option<&Path>, json: Option<&str>) -> PyResult<Arc<Contract>> {
    py.detach(|| load(path, json)).map_err(|e| contract_error(py, &e))
}

/// Checks an environment against a contract; never raises for problems of the environment.
///
/// Returns `{"report": {...}, "values": {...}, "text": str}`; `values` is None unless asked for
/// (`validate_env` does not need them, and converting them is a good part of a warm check).
#[pyfunction]
#[pyo3(signature = (contract_path=None, contract_json=None, *, env=None, env_files=Vec::new(), env_expand=false, environment=None, phase="runtime", values=true))]
#[allow(clippy::too_many_arguments)]
fn check<'py>(
    py: Python<'py>,
    contract_path: Option<PathBuf>,
    contract_json: Option<String>,
    env: Option<Bound<'py, PyDict>>,
    env_files: Vec<PathBuf>,
    env_expand: bool,
    environment: Option<String>,
    phase: &str,
    values: bool,
) -> PyResult<Bound<'py, PyDict>> {
    guard(py, || {
        let options = CheckOptions { environment, phase: convert::phase(phase)? };
        let built = env::build(py, env.as_ref(), &env_files, env_expand)?;
        let env = &built.env;
        let contract = load_py(py, contract_path.as_deref(), contract_json.as_deref())?;
        let label = contract_path.as_ref().map(|p| p.display().to_string());
        let (outcome, rendered) = py.detach(|| {
            let outcome = contract.check(env, &options);
            let rendered = text(&outcome.report, &TextOptions { contract_label: label, color: false });
            (outcome, rendered)
        });
        let out = PyDict::new(py);
        out.set_item("report", convert::report_to_py(py, &outcome.report)?)?;
        if values {
            out.set_item("values", convert::map_to_py(py, outcome.values.as_map())?)?;
        } else {
            out.set_item("values", py.None())?;
        }
        out.set_item("text", rendered)?;
        out.set_item("env_warnings", &built.warnings)?;
        let skipped: Vec<String> = built.skipped.iter().map(|p| p.display().to_string()).collect();
        out.set_item("env_skipped", skipped)?;
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
    *cache() = Cache::default();
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
    // The public names of every enum that crosses into Python (core's `enums::all`): what
    // tests/test_types.py holds the `Literal`s of the package to.
    let enums = PyDict::new(m.py());
    for (name, values) in env_contract::enums::all() {
        enums.set_item(name, PyTuple::new(m.py(), values)?)?;
    }
    m.add("ENUMS", enums)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
