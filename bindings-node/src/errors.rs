//! Failures as data: the JavaScript layer turns them into its own error classes
//! (`ContractError`, `TypeError`, `Error`), so class identity lives in JS.

use env_contract::ContractError;
use env_contract::envfile::EnvFileError;
use serde::Serialize;

/// A failure other than an invalid environment (which is a report, not a failure).
#[derive(Serialize)]
#[serde(tag = "error", rename_all = "kebab-case")]
pub enum Failure {
    /// A broken contract: `{kind, message, location}` plus the display text.
    Contract {
        #[serde(flatten)]
        detail: Box<ContractError>,
        display: String,
    },
    /// A dotenv file that exists but cannot be read or parsed. Never holds a value.
    /// `lines` holds every bad line as `{line, column, message}`.
    EnvFile { path: String, message: String, display: String, lines: Vec<EnvFileLine> },
    /// An `env` object whose values are not all strings.
    EnvType { message: String },
}

impl From<ContractError> for Failure {
    fn from(detail: ContractError) -> Self {
        let display = detail.to_string();
        Failure::Contract { detail: Box::new(detail), display }
    }
}

/// A line of an env file that cannot be parsed.
#[derive(Serialize)]
pub struct EnvFileLine {
    line: usize,
    column: usize,
    message: String,
}

impl From<EnvFileError> for Failure {
    fn from(error: EnvFileError) -> Self {
        Failure::EnvFile {
            path: error.path.display().to_string(),
            message: error.message.clone(),
            display: error.to_string(),
            lines: error
                .lines
                .iter()
                .map(|l| EnvFileLine { line: l.line, column: l.column, message: l.message.clone() })
                .collect(),
        }
    }
}

/// A request the JS layer should never send (a bug in the package, not the user's fault).
pub fn bad_request(what: &str, e: &serde_json::Error) -> napi::Error {
    napi::Error::new(napi::Status::InvalidArg, format!("env-contract: malformed {what} from the JS layer: {e}"))
}
