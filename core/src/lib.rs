//! env-contract: check an app's environment against a contract before it boots.
//!
//! ```
//! use env_contract::{Contract, CheckOptions, Env};
//! let contract = Contract::from_text(r#"{
//!     "type": "object",
//!     "properties": { "PORT": { "$ref": "env-contract:port", "default": 3000 } }
//! }"#, None).unwrap();
//! let env: Env = [("PORT".to_string(), "8080".to_string())].into_iter().collect();
//! let outcome = contract.check(&env, &CheckOptions::default());
//! assert!(outcome.report.ok);
//! assert_eq!(outcome.values.get("PORT"), Some(&serde_json::json!(8080)));
//! ```

// One module reads the C environment in place (`procenv`, Linux only); nothing else may.
#![deny(unsafe_code)]

pub mod api;
pub mod cache;
pub mod check;
pub mod code;
pub mod coerce;
pub mod contract;
pub(crate) mod envview;
pub mod error;
pub mod files;
pub mod hash;
pub mod input;
pub(crate) mod literals;
pub mod log;
pub mod meta;
pub mod names;
pub mod panic;
pub mod presets;
pub mod problem;
pub mod procenv;
pub mod ready;
pub mod redact;
pub mod render;
pub mod rules;
pub(crate) mod schema;
pub mod sent;
pub mod skip;

pub use code::{Code, Severity};
pub use contract::{Contract, VarSpec};
pub use error::{ContractError, ContractErrorKind, Location};
pub use input::{CheckOptions, Env, Phase};
pub use problem::{Outcome, Problem, Report, Values};
#[cfg(feature = "cli")]
pub mod cli;
pub mod docs;
pub mod enums;
pub mod envfile;
