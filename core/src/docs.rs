//! Docs generated from a contract: Markdown reference, `.env.example`, TypeScript types.

use crate::contract::Contract;

/// The formats of `env-contract docs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocsFormat {
    Markdown,
    EnvExample,
    Dts,
}

/// Renders the contract's docs in a format.
pub fn render(contract: &Contract, format: DocsFormat) -> String {
    // Filled in by the CLI work (issue 4).
    let _ = (contract, format);
    String::new()
}
