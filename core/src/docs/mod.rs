//! Docs generated from a contract: Markdown reference, `.env.example`, TypeScript and Python
//! types.
//! The Node and Python packages call [`render`]; `env-contract docs` prints it.

mod dts;
mod env_example;
mod markdown;
mod python;
mod words;

use crate::contract::Contract;

/// The formats of `env-contract docs`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "kebab-case")]
pub enum DocsFormat {
    #[default]
    Markdown,
    EnvExample,
    Dts,
    Python,
    /// The contract itself, composed into one file (for a bundler that imports it as JSON).
    Contract,
}

impl DocsFormat {
    /// Every format, in the order the docs list them.
    pub const ALL: [DocsFormat; 5] =
        [DocsFormat::Markdown, DocsFormat::EnvExample, DocsFormat::Dts, DocsFormat::Python, DocsFormat::Contract];
}

/// The parts, each once, in their first order (`dedup` alone only drops neighbours: integer,
/// string, number would keep two `number`s): the members of a type union.
fn distinct(parts: impl IntoIterator<Item = String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    parts.into_iter().filter(|p| seen.insert(p.clone())).collect()
}

/// Renders the contract's docs in a format. Deterministic: the same contract gives the same
/// text, so generated files can be committed and checked for staleness.
pub fn render(contract: &Contract, format: DocsFormat) -> String {
    match format {
        DocsFormat::Markdown => markdown::render(contract),
        DocsFormat::EnvExample => env_example::render(contract),
        DocsFormat::Dts => dts::render(contract),
        DocsFormat::Python => python::render(contract),
        DocsFormat::Contract => {
            let mut text = serde_json::to_string_pretty(contract.document()).unwrap_or_default();
            text.push('\n');
            text
        }
    }
}
