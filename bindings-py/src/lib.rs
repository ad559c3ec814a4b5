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
mod mapping;

use env_contract::docs::{DocsFormat, render as render_docs_core};
use env_contract::log::{Level, LogFormat};
use env_contract::render::{TextOptions, contract_label, failure_summary, problem_line, text};
use env_contract::sent::{Named, Sent};
use env_contract::{CheckOptions, Code, Contract, ContractError, Problem, cache, skip};
use errors::{contract_error, guard};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyString, PyTuple};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Loads a contract from a file through core's cache, or, without one, core's "no contract"
/// error (from an empty text).
fn load(path: Option<&Path>) -> Result<Arc<Contract>, ContractError> {
    match path {
        Some(path) => cache::load_path(path),
        None => Contract::from_text("", None).map(Arc::new),
    }
}

/// The contract of a call: a path, or a `Mapping` (walked into core's JSON text here, not
/// printed by `json.dumps`, and known again by identity while it is unchanged: `mapping`), or
/// neither (an empty text: core's "no contract" error).
fn load_py(py: Python<'_>, path: Option<&Path>, mapping: Option<&Bound<'_, PyAny>>) -> PyResult<Arc<Contract>> {
    let loaded = match (path, mapping) {
        (None, Some(m)) => mapping::load(py, m)?,
        _ => py.detach(|| load(path)),
    };
    loaded.map_err(|e| contract_error(py, &e))
}

/// The last values sent to the Python side, and their id (core's `sent`).
static SENT_VALUES: Sent = Sent::new();

/// Checks an environment against a contract; never raises for problems of the environment.
///
/// Returns one tuple, in this order (a tuple, not a dict: twelve keys hashed into a new
/// dict, and looked up again by the wrapper, were 0.5–0.7 µs of a 16 µs warm `validate_env`):
/// the report's `ok`, then the rest of the report as `(environment, checked, problems, text)`
/// (`problems`: `[{var, code, severity, message, hint}]`; `text`: a `ReportText`), the
/// `summary` (str | None), the `values` (a
/// dict) and `secret` (the names whose values print as `MASK`: core's decision) — both None
/// unless asked for (`validate_env` does not need them, and converting them is a good part of
/// a warm check) — then `skipped` (bool), `skip_notice`, `log` (`(level, text)` pairs),
/// `env_warnings` and `env_skipped` (each a list, or `()` when empty), and `values_id`.
/// `ENV_CONTRACT_SKIP` (core's policy, `skip.rs`) applies to calls that ask for values
/// (`assert_env`), and `summary` is the message of `EnvContractError` when they must raise.
/// With `log` (`assert_env`, the lifespan: the quietest level, `"info"`, `"warning"` or
/// `"error"`, that the caller's logger emits), `log` holds the startup lines at that level or
/// louder (core's `log::startup_lines_from`: a line the logger would drop is not made) in the
/// format of `log_format` (the option) or `ENV_CONTRACT_LOG_FORMAT`; otherwise it is empty.
///
/// With `report=False` (`assert_env` and the lifespan, which need a report only to raise), a
/// passing check's report is None: making it into objects nobody reads was up to a twentieth of a
/// warm `assert_env`.
///
/// The arguments may be given by position, in the order of the signature, as the package
/// gives them: pyo3 matches each keyword argument's name against the parameters', and eleven
/// of them were 0.4–0.5 µs of a warm check.
///
/// `values_id` names the values (core's `sent`). When `values_kept` is the id of the values the
/// caller holds and the check's values equal them, `values` and `secret` are None: the caller
/// returns what it holds. Otherwise they are sent, under `values_id`; None when they hold a
/// list or dict (a holder can change those), so that such values are converted on every call.
///
/// Both variables are read here, from the process environment, as the environment a check
/// reads by default is (`os.environ` writes through to it): `os.environ.get` for each cost
/// 0.8 µs a call on the Python side, a twentieth of a warm check. Each is read only by a call
/// it applies to (`ENV_CONTRACT_SKIP` with `values`, the log format with `log`).
#[pyfunction]
#[pyo3(signature = (contract_path=None, contract=None, env=None, env_files=Vec::new(), env_expand=false, environment=None, phase="runtime", values=true, log=None, log_format=None, values_kept=None, report=true))]
#[allow(clippy::too_many_arguments)]
fn check<'py>(
    py: Python<'py>,
    contract_path: Option<PathBuf>,
    contract: Option<Bound<'py, PyAny>>,
    env: Option<Bound<'py, PyDict>>,
    env_files: Vec<PathBuf>,
    env_expand: bool,
    environment: Option<String>,
    phase: &str,
    values: bool,
    log: Option<&str>,
    log_format: Option<String>,
    values_kept: Option<u64>,
    report: bool,
) -> PyResult<Bound<'py, PyTuple>> {
    // Each read only by a call it applies to: a `getenv` scans the whole environment.
    let flag =
        |on: bool, name: &str| on.then(|| std::env::var_os(name)).flatten().map(|v| v.to_string_lossy().into_owned());
    let (skip, log_format_env) = (flag(values, "ENV_CONTRACT_SKIP"), flag(log.is_some(), "ENV_CONTRACT_LOG_FORMAT"));
    guard(py, || {
        let options = CheckOptions { environment, phase: convert::phase(phase)?, report_only: !values };
        let least = log.map(|name| Level::parse(name, "log")).transpose().map_err(PyValueError::new_err)?;
        let format =
            LogFormat::resolve(log_format.as_deref(), log_format_env.as_deref()).map_err(PyValueError::new_err)?;
        let built = env::build(py, env.as_ref(), &env_files, env_expand)?;
        let env = &built.env;
        let contract = load_py(py, contract_path.as_deref(), contract.as_ref())?;
        let path_label = contract_path.as_ref().map(|p| p.display().to_string());
        let label = contract_label(path_label.as_deref());
        let skipped = values && skip::requested(skip.as_deref());
        let (outcome, summary, skip_notice, lines) = py.detach(|| {
            let outcome = contract.check_shared(env, &options);
            let summary = (!outcome.report.ok && !skipped).then(|| failure_summary(&outcome.report, &label));
            let skip_notice = if skipped { skip::notice(&outcome.report, &label) } else { Vec::new() };
            let lines = match least {
                Some(least) if !skipped => {
                    env_contract::log::startup_lines_from(&outcome.report, &label, format, true, least)
                }
                _ => Vec::new(),
            };
            (outcome, summary, skip_notice, lines)
        });
        let none = || py.None().into_bound(py);
        let (values, secret, values_id) = if values {
            match SENT_VALUES.name(outcome.values, values_kept) {
                Named::Held(id) => (none(), none(), Some(id)),
                Named::Send(id, values) => {
                    let (dict, secret) = convert::values_to_py(py, &values)?;
                    // A list or dict among the values is one its holder can change: values
                    // holding one are not kept (no id), so each call converts them anew.
                    let holdable = values.nested_names().next().is_none();
                    (dict.into_any(), secret.into_any(), holdable.then_some(id))
                }
            }
        } else {
            (none(), none(), None)
        };
        let ok = PyBool::new(py, outcome.report.ok).to_owned().into_any();
        let report = if report || !outcome.report.ok {
            let r = &outcome.report;
            let parts: [Bound<'py, PyAny>; 4] = [
                PyString::new(py, &r.environment).into_any(),
                r.checked.into_pyobject(py)?.into_any(),
                convert::problems_to_py(py, r)?.into_any(),
                Bound::new(py, ReportText { report: outcome.report, contract_label: path_label })?.into_any(),
            ];
            PyTuple::new(py, parts)?.into_any()
        } else {
            none()
        };
        let lines: Vec<(&str, String)> = lines.into_iter().map(|l| (l.level.name(), l.text)).collect();
        let env_skipped: Vec<String> = built.skipped.iter().map(|p| p.display().to_string()).collect();
        let items: [Bound<'py, PyAny>; 11] = [
            ok,
            report,
            summary.into_pyobject(py)?.into_any(),
            values,
            secret,
            skipped.into_pyobject(py)?.to_owned().into_any(),
            convert::list_or_empty(py, skip_notice)?,
            convert::list_or_empty(py, lines)?,
            convert::list_or_empty(py, built.warnings)?,
            convert::list_or_empty(py, env_skipped)?,
            values_id.into_pyobject(py)?.into_any(),
        ];
        PyTuple::new(py, items)
    })
}

/// A report's human text (core's `render::text`), rendered when Python first reads
/// `Report.text`: most checks never print it, and rendering it was a tenth of a warm check.
/// It holds the report, which holds no value (its messages are already scrubbed).
#[pyclass(frozen, module = "env_contract._native")]
struct ReportText {
    report: env_contract::Report,
    contract_label: Option<String>,
}

#[pymethods]
impl ReportText {
    fn render(&self, py: Python<'_>) -> String {
        let options = TextOptions { contract_label: self.contract_label.clone(), color: false };
        py.detach(|| text(&self.report, &options))
    }
}

/// Renders a contract's docs: `"markdown"`, `"env-example"` or `"dts"`.
#[pyfunction]
#[pyo3(signature = (contract_path=None, contract=None, *, format="markdown"))]
fn render_docs(
    py: Python<'_>,
    contract_path: Option<PathBuf>,
    contract: Option<Bound<'_, PyAny>>,
    format: &str,
) -> PyResult<String> {
    guard(py, || {
        let format = env_contract::enums::parse(format, &DocsFormat::ALL, "format").map_err(PyValueError::new_err)?;
        let contract = load_py(py, contract_path.as_deref(), contract.as_ref())?;
        Ok(py.detach(|| render_docs_core(&contract, format)))
    })
}

/// Runs the `env-contract` command line (`argv[0]` is the program name); returns the exit code.
#[pyfunction]
fn run_cli(py: Python<'_>, argv: Vec<OsString>) -> PyResult<i32> {
    guard(py, || Ok(py.detach(|| env_contract::cli::run(argv))))
}

/// One problem on one line, in core's words (what `str(problem)` shows).
#[pyfunction]
#[pyo3(signature = (var, code, severity, message, hint=None))]
fn problem_line_of(
    var: Option<String>,
    code: &str,
    severity: &str,
    message: String,
    hint: Option<String>,
) -> PyResult<String> {
    let code = env_contract::enums::parse(code, &Code::ALL, "code").map_err(PyValueError::new_err)?;
    let severity = env_contract::enums::parse(severity, &env_contract::Severity::ALL, "severity")
        .map_err(PyValueError::new_err)?;
    Ok(problem_line(&Problem { var, code, severity, message, hint }))
}

/// The readiness endpoint's `(status, body as JSON text)` for a report (`Report.to_dict()` as
/// JSON text): core's decision (`ready::of_report`).
#[pyfunction]
fn readiness(report_json: &str, skipped: bool) -> PyResult<(u16, String)> {
    let report: env_contract::Report =
        serde_json::from_str(report_json).map_err(|e| PyValueError::new_err(format!("not a report: {e}")))?;
    let r = env_contract::ready::of_report(&report, skipped);
    Ok((r.status, r.body.to_string()))
}

/// The readiness endpoint's `(status, body as JSON text)` for a broken contract of this kind.
#[pyfunction]
fn contract_readiness(kind: &str) -> PyResult<(u16, String)> {
    let kind = env_contract::enums::parse(kind, &env_contract::ContractErrorKind::ALL, "kind")
        .map_err(PyValueError::new_err)?;
    let r = env_contract::ready::of_contract_kind(kind);
    Ok((r.status, r.body.to_string()))
}

/// How many compiled contracts core's cache holds (for tests).
#[pyfunction]
fn cache_size() -> usize {
    cache::stats().entries
}

/// Empties core's contract cache.
#[pyfunction]
fn clear_cache() {
    cache::clear();
}

/// TEST BUILDS ONLY (cargo feature `test-panic`, which no shipped wheel has): panics with a
/// message holding `value`, to prove that a panic reaches Python as `env_contract.InternalError`
/// (an `Exception`, never pyo3's `PanicException`) and that neither the error nor stderr shows
/// its payload.
#[cfg(feature = "test-panic")]
#[pyfunction]
fn _test_panic(py: Python<'_>, value: String) -> PyResult<()> {
    guard(py, || py.detach(|| panic!("env-contract test panic holding {value}")))
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_class::<ReportText>()?;
    m.add_function(wrap_pyfunction!(render_docs, m)?)?;
    m.add_function(wrap_pyfunction!(run_cli, m)?)?;
    m.add_function(wrap_pyfunction!(cache_size, m)?)?;
    m.add_function(wrap_pyfunction!(clear_cache, m)?)?;
    m.add_function(wrap_pyfunction!(problem_line_of, m)?)?;
    m.add_function(wrap_pyfunction!(readiness, m)?)?;
    m.add_function(wrap_pyfunction!(contract_readiness, m)?)?;
    #[cfg(feature = "test-panic")]
    m.add_function(wrap_pyfunction!(_test_panic, m)?)?;
    m.add("MASK", env_contract::redact::MASK)?;
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
