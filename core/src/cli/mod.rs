//! The command line's logic (DESIGN §7), in core so the Node and Python packages can run the
//! same commands. `cli/src/main.rs` is a thin `main()` over [`run`].
//!
//! Every command writes through [`Io`], so tests (and the bindings) can capture the output.

mod args;
mod check;
mod diff;
mod docs;
mod exec;
mod init;
mod scan;

use crate::check::Env;
use crate::contract::Contract;
use crate::envfile;
use clap::Parser;
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::Path;

pub use args::{Cli, Command};

/// Exit code: everything passed.
pub const EXIT_OK: i32 = 0;
/// Exit code: at least one error (or drift, or a leak).
pub const EXIT_ERRORS: i32 = 1;
/// Exit code: warnings only.
pub const EXIT_WARNINGS: i32 = 2;
/// Exit code: a broken contract, a usage error or an unreadable file.
pub const EXIT_USAGE: i32 = 3;

/// Where a command writes, and whether its stdout may be coloured.
pub struct Io<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    /// ANSI colours on stdout.
    pub color_out: bool,
    /// ANSI colours on stderr.
    pub color_err: bool,
}

/// Runs the command line with these arguments (the first is the program name) and returns
/// the exit code: 0 pass, 1 errors, 2 warnings only, 3 broken contract / usage / unreadable file.
pub fn run(args: Vec<OsString>) -> i32 {
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let color_out = !no_color && stdout.is_terminal();
    let color_err = !no_color && stderr.is_terminal();
    let (mut out, mut err) = (stdout.lock(), stderr.lock());
    let mut io = Io { out: &mut out, err: &mut err, color_out, color_err };
    let code = run_with(args, &mut io);
    let _ = io.out.flush();
    let _ = io.err.flush();
    code
}

/// Runs the command line, writing to `io`. `run` (the command) replaces the process on success.
pub fn run_with(args: Vec<OsString>, io: &mut Io<'_>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version go to stdout with 0; every usage error is exit code 3
            // (clap's own code is 2, which means "warnings only" here).
            let text = if e.use_stderr() && io.color_err || !e.use_stderr() && io.color_out {
                e.render().ansi().to_string()
            } else {
                e.render().to_string()
            };
            return if e.use_stderr() {
                let _ = io.err.write_all(text.as_bytes());
                EXIT_USAGE
            } else {
                let _ = io.out.write_all(text.as_bytes());
                EXIT_OK
            };
        }
    };
    let result = match cli.command {
        Command::Check(a) => check::run(&a, io),
        Command::Diff(a) => diff::run(&a, io),
        Command::Docs(a) => docs::run(&a, io),
        Command::Scan(a) => scan::run(&a, io),
        Command::Run(a) => exec::run(&a, io),
        Command::Init(a) => init::run(&a, io),
    };
    match result {
        Ok(code) => code,
        Err(Failure { message, code, lines }) => {
            if lines {
                for line in message.lines() {
                    let _ = writeln!(io.err, "env-contract: error: {}", one_line(line));
                }
            } else {
                let _ = writeln!(io.err, "env-contract: error: {}", one_line(&message));
            }
            code
        }
    }
}

/// A command that could not run: a one-line message on stderr and an exit code (usually 3).
#[derive(Debug)]
pub(crate) struct Failure {
    pub message: String,
    pub code: i32,
    /// The message is one problem per line (an env file's bad lines): printed line by line.
    pub lines: bool,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Failure { message: message.into(), code: EXIT_USAGE, lines: false }
    }
}

impl From<crate::error::ContractError> for Failure {
    fn from(e: crate::error::ContractError) -> Self {
        let mut message = format!("broken contract: {e}");
        if e.kind == crate::error::ContractErrorKind::Io && e.location.file.as_deref().is_some_and(|f| !f.exists()) {
            message.push_str(" (create one with `env-contract init --from .env.example`, or pass --contract PATH)");
        }
        Failure::usage(message)
    }
}

impl From<envfile::EnvFileError> for Failure {
    fn from(e: envfile::EnvFileError) -> Self {
        Failure { message: e.to_string(), code: EXIT_USAGE, lines: true }
    }
}

pub(crate) type CmdResult = Result<i32, Failure>;

/// Folds a message onto one line.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(crate) fn load_contract(path: &Path) -> Result<Contract, Failure> {
    Ok(Contract::from_path(path)?)
}

/// The environment of check and run: env files, then the JSON export, then the process
/// environment on top (unless `--no-process-env`), built by core's one layering rule.
/// Skipped files and the files' warnings go to stderr.
pub(crate) fn build_env(a: &args::EnvArgs, io: &mut Io<'_>) -> Result<Env, Failure> {
    let sources = envfile::Sources {
        files: a.env_files.clone(),
        json: a.env_json.clone(),
        top: if a.no_process_env { envfile::Top::None } else { envfile::Top::Process },
        expand: a.env_expand,
    };
    layered_env(&sources, io)
}

/// Builds the environment from `sources`, telling stderr what was skipped and warned about.
pub(crate) fn layered_env(sources: &envfile::Sources, io: &mut Io<'_>) -> Result<Env, Failure> {
    let built = envfile::build(sources)?;
    for f in &built.skipped {
        let _ = writeln!(io.err, "env-contract: note: {} does not exist; skipped", f.display());
    }
    for w in &built.warnings {
        let _ = writeln!(io.err, "env-contract: warning: {w}");
    }
    Ok(std::sync::Arc::unwrap_or_clone(built.env))
}

/// Writes text to a file or, for `-`, to stdout.
pub(crate) fn write_out(path: Option<&Path>, text: &str, io: &mut Io<'_>) -> Result<(), Failure> {
    match path {
        None => io.out.write_all(text.as_bytes()).map_err(|e| Failure::usage(format!("cannot write to stdout: {e}"))),
        Some(p) if p.as_os_str() == "-" => {
            io.out.write_all(text.as_bytes()).map_err(|e| Failure::usage(format!("cannot write to stdout: {e}")))
        }
        Some(p) => {
            std::fs::write(p, text).map_err(|e| Failure::usage(format!("{}: cannot be written: {e}", p.display())))
        }
    }
}
