//! Helpers of the CLI tests: run the built binary, temporary directories, secret runs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The binary under test: the one cargo built, or `ENV_CONTRACT_CLI` (the release tests point
/// it at a shipped binary, e.g. a cross-built one behind an emulator wrapper).
pub fn bin() -> String {
    std::env::var("ENV_CONTRACT_CLI").unwrap_or_else(|_| env!("CARGO_BIN_EXE_env-contract").to_owned())
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A fresh directory under cargo's test scratch space.
pub fn temp_dir(name: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let n = N.fetch_add(1, Ordering::Relaxed);
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn all(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }
}

fn finish(out: &Output) -> Run {
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs the binary in `cwd` with these arguments, `NO_COLOR` unset.
pub fn run_in(cwd: &Path, args: &[&str]) -> Run {
    finish(&Command::new(bin()).args(args).current_dir(cwd).env_remove("NO_COLOR").output().unwrap())
}

/// Runs the binary at the repository root.
pub fn run(args: &[&str]) -> Run {
    run_in(&root(), args)
}

/// Whether `text` holds any 8-character run of `secret`.
pub fn leaks(text: &str, secret: &str) -> Option<String> {
    let b = secret.as_bytes();
    b.windows(8).map(|w| String::from_utf8_lossy(w).into_owned()).find(|w| text.contains(w.as_str()))
}
