//! The environment to check: the given object, or the process environment read natively
//! (no per-key reads through Node's `process.env` proxy), over optional dotenv files. Core
//! decides how the files are read and layered (`envfile::build`); this only fills the sources.

use env_contract::Env;
use env_contract::envfile::{self, Built, EnvFileError, Sources, Top};
use std::path::PathBuf;

/// `given` (or the process environment) over the dotenv files, by core's layering rule (a
/// missing file is skipped; one that exists but cannot be read or parsed is an error).
pub fn build(given: Option<Env>, env_files: &[String], expand: bool) -> Result<Built, EnvFileError> {
    let top = given.map_or(Top::Process, Top::Given);
    if env_files.is_empty() {
        let env = match top {
            Top::Given(env) => env,
            _ => envfile::process_env(),
        };
        return Ok(Built { env, ..Built::default() });
    }
    envfile::build(&Sources { files: env_files.iter().map(PathBuf::from).collect(), json: None, top, expand })
}
