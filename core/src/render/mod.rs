//! Renderers for a report: human text (DESIGN §7), JSON, GitHub annotations. Every front
//! uses these; none re-implements them.

use crate::hash::NameSet;
use crate::problem::{Problem, Report};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The output formats of a report (also the CLI's `--format` values).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Text,
    Json,
    Github,
}

/// Options of the text report.
#[derive(Clone, Debug, Default)]
pub struct TextOptions {
    /// How the contract is named in the header (e.g. its path).
    pub contract_label: Option<String>,
    /// ANSI colours (the CLI turns them on only on a terminal without `NO_COLOR`).
    pub color: bool,
}

/// Renders in the given format.
pub fn render(report: &Report, format: Format, options: &TextOptions) -> String {
    match format {
        Format::Text => text(report, options),
        Format::Json => json(report),
        Format::Github => github(report),
    }
}

/// The report as pretty JSON: `{ ok, environment, checked, problems }`.
pub fn json(report: &Report) -> String {
    let mut s = serde_json::to_string_pretty(report).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

fn paint<'t>(color: bool, code: &str, text: &'t str) -> std::borrow::Cow<'t, str> {
    if color { format!("\x1b[{code}m{text}\x1b[0m").into() } else { text.into() }
}

/// One line per checked variable, problems of undeclared variables after them, a summary.
pub fn text(report: &Report, options: &TextOptions) -> String {
    let mut by_var: BTreeMap<Option<&str>, Vec<&Problem>> = BTreeMap::new();
    for p in &report.problems {
        by_var.entry(p.var.as_deref()).or_default().push(p);
    }
    let mut out = String::new();
    let n = report.checked;
    let _ = write!(
        out,
        "env-contract: {n} variable{}, environment \"{}\"",
        if n == 1 { "" } else { "s" },
        report.environment
    );
    if let Some(label) = &options.contract_label {
        let _ = write!(out, ", contract {label}");
    }
    out.push('\n');
    // Looked up once per variable: sets, so the report stays linear in its variables.
    let (unset, defaulted, variables): (NameSet<&str>, NameSet<&str>, _) =
        (report.unset_names().collect(), report.defaulted_names().collect(), name_set(&report.variables));
    let line = |out: &mut String, name: &str, problems: Option<&Vec<&Problem>>| {
        let Some(problems) = problems.filter(|p| !p.is_empty()) else {
            if unset.contains(name) {
                let why = if defaulted.contains(name) { "the default applies" } else { "optional" };
                let _ = writeln!(out, "{} {name} not set ({why})", paint(options.color, "2", "[ -- ]"));
            } else {
                let _ = writeln!(out, "{} {name}", paint(options.color, "32", "[PASS]"));
            }
            return;
        };
        // Errors first; each problem on a line of its own, in `problem_line`'s words (the
        // startup log lines' too, so one alert rule fits both), its hint under it.
        let mut problems: Vec<&Problem> = problems.clone();
        problems.sort_by_key(|p| !p.is_error());
        for p in problems {
            let tag = if p.is_error() {
                paint(options.color, "31;1", tag_of(p))
            } else {
                paint(options.color, "33", tag_of(p))
            };
            let _ = writeln!(out, "{tag} {name} {}: {}", p.code, p.message);
            if let Some(h) = &p.hint {
                let _ = writeln!(out, "       hint: {h}");
            }
        }
    };
    if let Some(problems) = by_var.get(&None) {
        line(&mut out, "(environment)", Some(problems));
    }
    for name in report.variables.iter() {
        line(&mut out, name, by_var.get(&Some(name.as_str())));
    }
    for (var, problems) in &by_var {
        if let Some(var) = var {
            if !variables.contains(var) {
                line(&mut out, var, Some(problems));
            }
        }
    }
    let _ = writeln!(out, "Summary: {}", report.counts().summary());
    out
}

fn name_set(names: &[String]) -> NameSet<&str> {
    names.iter().map(String::as_str).collect()
}

/// The tag of a problem: `[FAIL]` for an error, `[WARN]` for a warning.
pub fn tag_of(p: &Problem) -> &'static str {
    if p.is_error() { "[FAIL]" } else { "[WARN]" }
}

/// One problem on one line, in the words of the text report, as the fronts' errors, warnings
/// and startup log lines list it: `[FAIL] VAR code: message (hint: …)`, `[WARN]` for a
/// warning, `(environment)` for a problem of no one variable. Never holds a value.
pub fn problem_line(p: &Problem) -> String {
    let who = p.var.as_deref().unwrap_or("(environment)");
    let mut line = format!("{} {who} {}: {}", tag_of(p), p.code, p.message);
    if let Some(h) = &p.hint {
        let _ = write!(line, " (hint: {h})");
    }
    line
}

/// How a contract is named in messages: its path, or `given as an object` for a contract the
/// front was handed as a JS object or a Python `Mapping`.
pub fn contract_label(path: Option<&str>) -> String {
    path.map_or_else(|| "given as an object".to_string(), ToString::to_string)
}

/// `2 errors, 1 warning` (the warnings only when there are some).
fn counts_words(report: &Report) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let errors = report.errors().count();
    let warnings = report.warnings().count();
    if warnings == 0 {
        plural(errors, "error")
    } else {
        format!("{}, {}", plural(errors, "error"), plural(warnings, "warning"))
    }
}

/// The message of the error every front raises when the environment fails (`EnvContractError`
/// in Node and Python): a head naming the contract, the environment and the counts, then each
/// problem on its own line.
pub fn failure_summary(report: &Report, label: &str) -> String {
    let mut out = format!(
        "env-contract: the environment does not meet the contract {label} (environment \"{}\", {}):",
        report.environment,
        counts_words(report)
    );
    for p in &report.problems {
        let _ = write!(out, "\n  - {}", problem_line(p));
    }
    out
}

/// The message of the error every front raises for a broken contract (`ContractError`).
pub fn contract_failure(e: &crate::error::ContractError) -> String {
    format!("env-contract: the contract is broken: {e}")
}

/// The message of the error every front raises for an env file that exists but cannot be read
/// or parsed (`EnvFileError`). Never quotes the file.
pub fn env_file_failure(e: &crate::envfile::EnvFileError) -> String {
    format!("env-contract: env file {e}")
}

/// GitHub Actions workflow commands: `::error title=…::…` / `::warning title=…::…`.
pub fn github(report: &Report) -> String {
    let mut out = String::new();
    for p in &report.problems {
        let level = if p.is_error() { "error" } else { "warning" };
        let title = match &p.var {
            Some(v) => format!("env-contract: {v}"),
            None => "env-contract".to_string(),
        };
        let mut msg = format!("{}: {}", p.code, p.message);
        if let Some(h) = &p.hint {
            let _ = write!(msg, "\nhint: {h}");
        }
        let _ = writeln!(out, "::{level} title={}::{}", escape_property(&title), escape_data(&msg));
    }
    // The same counts as the text report's summary (per variable), then the problems.
    let errors = report.errors().count();
    let warnings = report.warnings().count();
    let _ = writeln!(
        out,
        "env-contract: {} checked in \"{}\": {} ({errors} error(s), {warnings} warning(s))",
        report.checked,
        report.environment,
        report.counts().summary()
    );
    out
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Whether JSON escapes nothing in `s`: no byte of it is a quote, a backslash or below 0x20
/// (so `"s"` is its JSON), looked at 8 bytes at a time: a word has a zero byte when
/// `(w - 0x01…) & !w & 0x80…` is not zero, and a byte below n (≤ 128) when the same holds for
/// `w - n…` (exact for whether there is one).
pub(crate) fn json_escapes_nothing(s: &str) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |w: u64, n: u8| w.wrapping_sub(ONES * u64::from(n)) & !w & HIGH;
    let clean = |w: u64| {
        (below(w ^ (ONES * u64::from(b'"')), 1) | below(w ^ (ONES * u64::from(b'\\')), 1) | below(w, 0x20)) == 0
    };
    let word = |bytes: &[u8]| {
        let mut w = [b'a'; 8];
        w[..bytes.len()].copy_from_slice(bytes);
        u64::from_le_bytes(w)
    };
    let chunks = s.as_bytes().chunks_exact(8);
    clean(word(chunks.remainder())) && chunks.into_iter().all(|c| clean(word(c)))
}
