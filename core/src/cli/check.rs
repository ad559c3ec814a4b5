//! `env-contract check`: the report, in text, JSON or GitHub annotations, and the exit code.

use super::args::{CheckArgs, EnvArgs};
use super::{CmdResult, EXIT_ERRORS, EXIT_OK, EXIT_WARNINGS, Failure, Io, build_env, load_contract};
use crate::check::CheckOptions;
use crate::problem::{Outcome, Report};
use crate::render::{self, Format, TextOptions};
use std::path::Path;

pub(super) fn run(a: &CheckArgs, io: &mut Io<'_>) -> CmdResult {
    let outcome = check_env(&a.env, io)?;
    let text = render_report(&outcome.report, a.format, &a.env.contract, io.color_out);
    let _ = io.out.write_all(text.as_bytes());
    Ok(exit_code(&outcome.report, a.strict))
}

/// Loads the contract, builds the environment in layers and checks it (`check` and `run`).
pub(super) fn check_env(a: &EnvArgs, io: &mut Io<'_>) -> Result<Outcome, Failure> {
    let contract = load_contract(&a.contract)?;
    let env = build_env(a, io)?;
    Ok(contract.check(&env, &CheckOptions { environment: a.environment.clone(), ..CheckOptions::default() }))
}

/// Renders a report in a CLI format.
pub(super) fn render_report(report: &Report, format: Format, contract: &Path, color: bool) -> String {
    let options = TextOptions { contract_label: Some(contract.display().to_string()), color };
    render::render(report, format, &options)
}

/// 0 pass, 1 errors, 2 warnings only (`--strict`: 1).
pub(super) fn exit_code(report: &Report, strict: bool) -> i32 {
    if !report.ok {
        EXIT_ERRORS
    } else if report.has_warnings() {
        if strict { EXIT_ERRORS } else { EXIT_WARNINGS }
    } else {
        EXIT_OK
    }
}
