//! JSON requests from the JS layer to core calls, and core results back to JSON.

use crate::errors::{Failure, bad_request};
use crate::{cache, env};
use env_contract::docs::DocsFormat;
use env_contract::{CheckOptions, Contract, Env, Phase, Report};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::path::PathBuf;
use std::sync::Arc;

/// Where the contract comes from: `{"path": …}` (relative to the working directory) or
/// `{"text": …}` (a contract object, serialized by the JS layer).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum ContractSource {
    Path(String),
    Text(String),
}

/// One check, as the JS layer asks for it.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CheckRequest {
    pub contract: ContractSource,
    /// The environment to check; absent: the process environment, read natively.
    #[serde(default)]
    pub env: Option<Map<String, Value>>,
    /// The environment to check as the JS layer packs it (see [`unpack_env`]); wins over `env`.
    #[serde(skip)]
    pub packed_env: Option<Env>,
    #[serde(default)]
    pub env_files: Vec<String>,
    /// Resolve `$VAR`-style references in the env files (`options.envExpand`).
    #[serde(default)]
    pub env_expand: bool,
    #[serde(default)]
    pub environment: Option<String>,
    #[serde(default)]
    pub phase: Phase,
    /// Whether to send the typed values back (`assertEnv` needs them, `validateEnv` does not).
    #[serde(default)]
    pub values: bool,
}

/// The answer to a check: a report, and the values when asked for.
#[derive(Serialize)]
#[serde(untagged)]
pub enum CheckResponse {
    Done {
        report: Report,
        #[serde(skip_serializing_if = "Option::is_none")]
        values: Option<Map<String, Value>>,
        /// Warnings about the env files (a key set twice), never holding a value.
        #[serde(rename = "envWarnings", skip_serializing_if = "Vec::is_empty")]
        env_warnings: Vec<String>,
    },
    Failed(Failure),
}

/// A docs rendering request.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DocsRequest {
    pub contract: ContractSource,
    pub format: DocsFormat,
}

/// The answer to a docs request.
#[derive(Serialize)]
#[serde(untagged)]
pub enum DocsResponse {
    Done { text: String },
    Failed(Failure),
}

pub fn parse_request<T: DeserializeOwned>(json: &str) -> napi::Result<T> {
    serde_json::from_str(json).map_err(|e| bad_request("request", &e))
}

pub fn to_json<T: Serialize>(value: &T) -> String {
    // Our response types always serialize (string keys, no non-finite floats from core).
    serde_json::to_string(value).unwrap_or_else(|e| format!(r#"{{"error":"internal","message":"{e}"}}"#))
}

fn load(source: &ContractSource) -> Result<Arc<Contract>, Failure> {
    match source {
        ContractSource::Path(path) => {
            let path = PathBuf::from(path);
            match std::fs::read_to_string(&path) {
                Ok(text) => Ok(cache::contract(Some(path), text)?),
                // Let core read it again and word the error (missing, a directory, no permission).
                Err(_) => Ok(Arc::new(Contract::from_path(&path)?)),
            }
        }
        ContractSource::Text(text) => Ok(cache::contract(None, text.clone())?),
    }
}

fn to_env(given: Map<String, Value>) -> Result<Env, Failure> {
    let mut env = Env::with_capacity(given.len());
    for (k, v) in given {
        let Value::String(s) = v else {
            return Err(Failure::EnvType { message: format!("env.{k} must be a string") });
        };
        env.insert(k, s);
    }
    Ok(env)
}

/// The environment as the JS layer packs it: `name\0value\0` for each variable, in one string
/// (no name or value of a real environment holds a NUL; the JS layer sends JSON when one does).
pub fn unpack_env(packed: &str) -> napi::Result<Env> {
    let mut parts = packed.split('\0');
    let mut env = Env::with_capacity(packed.len() / 32);
    while let Some(name) = parts.next() {
        let Some(value) = parts.next() else {
            if name.is_empty() {
                break; // the final separator
            }
            return Err(napi::Error::new(napi::Status::InvalidArg, "env-contract: malformed env from the JS layer"));
        };
        env.insert(name.to_owned(), value.to_owned());
    }
    Ok(env)
}

pub fn check(request: CheckRequest) -> CheckResponse {
    let run = move || -> Result<CheckResponse, Failure> {
        let contract = load(&request.contract)?;
        let given = match request.packed_env {
            Some(env) => Some(env),
            None => request.env.map(to_env).transpose()?,
        };
        let built = env::build(given, &request.env_files, request.env_expand)?;
        let options = CheckOptions { environment: request.environment, phase: request.phase };
        let outcome = contract.check(&built.env, &options);
        let values = request.values.then(|| outcome.values.into_map());
        Ok(CheckResponse::Done { report: outcome.report, values, env_warnings: built.warnings })
    };
    run().unwrap_or_else(CheckResponse::Failed)
}

pub fn render_docs(request: &DocsRequest) -> DocsResponse {
    match load(&request.contract) {
        Ok(contract) => DocsResponse::Done { text: env_contract::docs::render(&contract, request.format) },
        Err(f) => DocsResponse::Failed(f),
    }
}
