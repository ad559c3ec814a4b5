//! `ENV_CONTRACT_SKIP`, the emergency escape hatch of `assertEnv` / `assert_env` and the
//! `FastAPI` lifespan. One policy for every front, decided here:
//!
//! - The flag is on when the variable, trimmed, is `1`, `true` or `yes` (any case); anything
//!   else (unset, empty, `0`, `false`) leaves it off.
//! - The check still runs: a broken contract still fails (a bug in the code, not in the
//!   environment), and the notice names every problem the flag lets through, so the person
//!   who set it learns what they are ignoring.
//! - Instead of failing, the call returns the values the check produced: coerced where the
//!   value is valid, defaults filled in, the raw string where it could not be coerced, and no
//!   entry for what is missing.
//! - `validateEnv` / `validate_env` and the CLI ignore it: they report, they never refuse.
//!
//! The front reads the variable from its own process environment (Node's `process.env`,
//! Python's `os.environ`, a Worker's bindings) and passes the value here.

use crate::problem::Report;
use crate::render::problem_line;

/// The name of the variable.
pub const VAR: &str = "ENV_CONTRACT_SKIP";

/// Whether this value of `ENV_CONTRACT_SKIP` turns the escape hatch on.
pub fn requested(value: Option<&str>) -> bool {
    value.is_some_and(|v| {
        let v = v.trim();
        ["1", "true", "yes"].iter().any(|on| v.eq_ignore_ascii_case(on))
    })
}

/// The loud notice a front prints when the flag is on: one head line, then each problem the
/// flag lets through.
pub fn notice(report: &Report, label: &str) -> Vec<String> {
    let errors = report.errors().count();
    let warnings = report.warnings().count();
    let head = format!(
        "!!! env-contract: {VAR} is set: the environment is NOT enforced against the contract {label} \
         (environment \"{}\"; {errors} error(s), {warnings} warning(s) ignored). Unset it once the emergency \
         is over. !!!",
        report.environment
    );
    std::iter::once(head).chain(report.problems.iter().map(|p| format!("  - {}", problem_line(p)))).collect()
}

#[cfg(test)]
mod tests {
    use super::requested;

    #[test]
    fn the_flag_accepts_one_true_and_yes_in_any_case() {
        for on in ["1", "true", "TRUE", "yes", " Yes "] {
            assert!(requested(Some(on)), "{on:?}");
        }
        for off in [None, Some(""), Some("0"), Some("false"), Some("no"), Some("on"), Some("2")] {
            assert!(!requested(off), "{off:?}");
        }
    }
}
