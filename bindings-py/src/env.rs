//! The environment to check: the mapping the caller gave, or the process environment read
//! natively, with dotenv files as a base layer under it. Core decides how the files are read
//! and layered (`envfile::build`); this only fills the sources.

use crate::convert::env_from_dict;
use crate::errors::env_file_error;
use env_contract::envfile::{self, Built, Sources, Top};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::PathBuf;

/// Builds the environment. Called with the thread attached: `os.environ[...] = ...` calls
/// `putenv` while attached too, so reading the C environment here cannot race with it.
pub fn build(py: Python<'_>, env: Option<&Bound<'_, PyDict>>, env_files: &[PathBuf], expand: bool) -> PyResult<Built> {
    let top = match env {
        Some(dict) => Top::Given(env_from_dict(dict)?),
        None => Top::Process,
    };
    envfile::layer(Sources { files: env_files.to_vec(), json: None, top, expand }).map_err(|e| env_file_error(py, &e))
}
