//! `env-contract run -- COMMAND...`: check, then replace this process with COMMAND only if the
//! environment passes. The fail-fast for multi-worker servers (DESIGN §7).

use super::args::RunArgs;
use super::check::{check_env, exit_code, render_report};
use super::{CmdResult, EXIT_ERRORS, Failure, Io};
use crate::log::{self, LogFormat};
use crate::render::Format;
use std::process::Command;

/// Exit code when COMMAND cannot be found (as POSIX shells do).
const EXIT_NOT_FOUND: i32 = 127;
/// Exit code when COMMAND exists but cannot be executed.
const EXIT_CANNOT_EXEC: i32 = 126;

pub(super) fn run(a: &RunArgs, io: &mut Io<'_>) -> CmdResult {
    let outcome = check_env(&a.check.env, io)?;
    let code = exit_code(&outcome.report, a.check.strict);
    // The report goes to stderr, so COMMAND keeps stdout to itself; a clean pass says nothing.
    // With ENV_CONTRACT_LOG_FORMAT=json (and the default text format) the startup lines go
    // instead, one JSON object each, a pass included: what a log pipeline reads (crate::log).
    let json = std::env::var(log::VAR).ok();
    if a.check.format == Format::Text && LogFormat::resolve(None, json.as_deref()) == Ok(LogFormat::Json) {
        let contract = a.check.env.contract.display().to_string();
        for line in log::report_lines(&outcome.report, Some(&contract), LogFormat::Json) {
            let _ = writeln!(io.err, "{}", line.text);
        }
    } else if !outcome.report.problems.is_empty() {
        let text = render_report(&outcome.report, a.check.format, &a.check.env.contract, io.color_err);
        let _ = io.err.write_all(text.as_bytes());
    }
    // Warnings alone (exit 2) still start COMMAND; errors (or warnings with --strict) do not.
    if code == EXIT_ERRORS {
        let _ =
            writeln!(io.err, "env-contract: not starting {}: the environment does not meet the contract", program(a));
        return Ok(code);
    }
    let _ = io.out.flush();
    let _ = io.err.flush();
    let Some((program, args)) = a.command.split_first() else {
        return Err(Failure::usage("no COMMAND given after `--`"));
    };
    let mut cmd = Command::new(program);
    cmd.args(args);
    exec(cmd, &program.to_string_lossy())
}

fn program(a: &RunArgs) -> String {
    a.command.first().map(|p| p.to_string_lossy().into_owned()).unwrap_or_default()
}

fn spawn_failure(e: &std::io::Error, program: &str) -> Failure {
    let code = if e.kind() == std::io::ErrorKind::NotFound { EXIT_NOT_FOUND } else { EXIT_CANNOT_EXEC };
    Failure { message: format!("cannot run {program}: {e}"), code, lines: false }
}

/// Replaces the process (Unix). Returns only on failure.
#[cfg(unix)]
fn exec(mut cmd: Command, program: &str) -> CmdResult {
    use std::os::unix::process::CommandExt;
    let e = cmd.exec();
    Err(spawn_failure(&e, program))
}

/// Elsewhere: run COMMAND as a child; its exit code is `run`'s, which the binary (or the
/// package's `bin` script) exits with. The library never exits the process itself.
#[cfg(not(unix))]
fn exec(mut cmd: Command, program: &str) -> CmdResult {
    match cmd.status() {
        Ok(status) => Ok(status.code().unwrap_or(1)),
        Err(e) => Err(spawn_failure(&e, program)),
    }
}
