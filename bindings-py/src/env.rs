//! The environment to check: the mapping the caller gave, or the process environment read
//! natively, with dotenv files as a base layer under it.

use crate::convert::env_from_dict;
use crate::errors::env_file_error;
use env_contract::Env;
use env_contract::envfile::{process_env, with_env_files};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::PathBuf;

/// Builds the environment. Called with the thread attached: `os.environ[...] = ...` calls
/// `putenv` while attached too, so reading the C environment here cannot race with it.
pub fn build(py: Python<'_>, env: Option<&Bound<'_, PyDict>>, env_files: &[PathBuf]) -> PyResult<Env> {
    let top = match env {
        Some(dict) => env_from_dict(dict)?,
        None => process_env(),
    };
    if env_files.is_empty() {
        return Ok(top);
    }
    with_env_files(env_files, Some(top)).map_err(|e| env_file_error(py, &e))
}
