//! The environment to check: the given object, or the process environment read natively
//! (no per-key reads through Node's `process.env` proxy), over optional dotenv files.

use env_contract::Env;
use env_contract::envfile::{self, EnvFileError};
use std::path::PathBuf;

/// `given` (or the process environment) over the dotenv files that exist, later files
/// winning. A missing file is skipped, as dotenv and pydantic-settings do; a file that
/// exists but cannot be read or parsed is an error.
pub fn build(given: Option<Env>, env_files: &[String]) -> Result<Env, EnvFileError> {
    let top = given.unwrap_or_else(envfile::process_env);
    if env_files.is_empty() {
        return Ok(top);
    }
    let files: Vec<PathBuf> = env_files.iter().map(PathBuf::from).filter(|p| p.exists()).collect();
    envfile::with_env_files(&files, Some(top))
}
