//! Building the environment to check: dotenv files (parsed with `dotenvy`) as a base layer,
//! a JSON export of strings, then the real process environment on top.

use crate::check::Env;
use std::path::{Path, PathBuf};

/// A file that could not be read or parsed. Never holds a value from the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}", path.display())]
pub struct EnvFileError {
    pub path: PathBuf,
    pub message: String,
}

/// Reads one dotenv file (`KEY=value`, quotes, `export`, comments, no interpolation of the
/// process environment into the result).
pub fn read_dotenv(path: &Path) -> Result<Env, EnvFileError> {
    let err = |message: String| EnvFileError { path: path.to_path_buf(), message };
    if path.is_dir() {
        return Err(err("is a directory, not an env file".to_string()));
    }
    let iter = dotenvy::from_path_iter(path).map_err(|e| err(describe(&e)))?;
    let mut env = Env::new();
    for item in iter {
        let (k, v) = item.map_err(|e| err(describe(&e)))?;
        env.insert(k, v);
    }
    Ok(env)
}

/// Reads a JSON object of strings (a hosting platform's export). Non-string values are an error
/// naming the key.
pub fn read_env_json(path: &Path) -> Result<Env, EnvFileError> {
    let err = |message: String| EnvFileError { path: path.to_path_buf(), message };
    let text = std::fs::read_to_string(path).map_err(|e| err(format!("cannot be read: {e}")))?;
    parse_env_json(&text).map_err(err)
}

/// Parses a JSON object of strings.
pub fn parse_env_json(text: &str) -> Result<Env, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not valid JSON (line {}, column {})", e.line(), e.column()))?;
    let serde_json::Value::Object(map) = value else {
        return Err("must be a JSON object of strings".to_string());
    };
    let mut env = Env::new();
    for (k, v) in map {
        match v {
            serde_json::Value::String(s) => {
                env.insert(k, s);
            }
            other => return Err(format!("the value of \"{k}\" must be a string, not {}", json_kind(&other))),
        }
    }
    Ok(env)
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// dotenvy's messages may quote the offending line; keep only the position.
fn describe(e: &dotenvy::Error) -> String {
    match e {
        dotenvy::Error::LineParse(_, index) => format!("cannot parse the line at byte {index} (expected KEY=value)"),
        dotenvy::Error::Io(io) => format!("cannot be read: {io}"),
        dotenvy::Error::EnvVar(_) => "refers to a variable that is not valid".to_string(),
        _ => "cannot be parsed".to_string(),
    }
}

/// The process environment. Names or values that are not UTF-8 are converted lossily
/// (U+FFFD), so a check sees them and reports them instead of crashing.
pub fn process_env() -> Env {
    std::env::vars_os().map(|(k, v)| (k.to_string_lossy().into_owned(), v.to_string_lossy().into_owned())).collect()
}

/// Layers environments: later layers win.
pub fn layered<I: IntoIterator<Item = Env>>(layers: I) -> Env {
    let mut out = Env::new();
    for layer in layers {
        out.extend(layer);
    }
    out
}

/// Dotenv files (later files win) under `top` (usually the process environment).
pub fn with_env_files(files: &[PathBuf], top: Option<Env>) -> Result<Env, EnvFileError> {
    let mut layers = Vec::with_capacity(files.len() + 1);
    for f in files {
        layers.push(read_dotenv(f)?);
    }
    if let Some(top) = top {
        layers.push(top);
    }
    Ok(layered(layers))
}
