//! `env-contract docs`: the Markdown reference, a `.env.example`, TypeScript or Python types;
//! with `--check`, whether a committed one is stale.

use super::args::DocsArgs;
use super::{CmdResult, EXIT_ERRORS, EXIT_OK, Failure, Io, load_contract, write_out};
use crate::docs::render;

pub(super) fn run(a: &DocsArgs, io: &mut Io<'_>) -> CmdResult {
    let contract = load_contract(&a.contract)?;
    let text = render(&contract, a.format);
    match a.out.as_deref() {
        Some(out) if a.check => {
            let current = match std::fs::read(out) {
                Ok(bytes) => Some(bytes),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(Failure::usage(format!("{}: cannot be read: {e}", out.display()))),
            };
            if current.as_deref() == Some(text.as_bytes()) {
                return Ok(EXIT_OK);
            }
            let format = serde_json::to_value(a.format).ok().and_then(|v| v.as_str().map(str::to_string));
            let contract_arg = if a.contract.as_os_str() == "env.contract.json" {
                String::new()
            } else {
                format!(" --contract {}", a.contract.display())
            };
            let what = if current.is_none() {
                "does not exist; generate it"
            } else {
                "is stale (it differs from what the contract generates); regenerate it"
            };
            let _ = writeln!(
                io.err,
                "env-contract: {} {what} with `env-contract docs{contract_arg} --format {} --out {}`",
                out.display(),
                format.unwrap_or_default(),
                out.display()
            );
            Ok(EXIT_ERRORS)
        }
        out => {
            write_out(out, &text, io)?;
            Ok(EXIT_OK)
        }
    }
}
