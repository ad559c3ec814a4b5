//! The startup log lines of `assertEnv` / `assert_env` and the `FastAPI` lifespan: what a person
//! reads at boot and what an alert rule matches. One policy for every front, decided here; the
//! fronts only hand each line to their platform's channel (Node: `console` or the `logger`
//! option; Python: the `env_contract` logger) at the line's level.
//!
//! - One head line per check: the status (`ok`, `degraded` with warnings only, `error`), how many
//!   variables were checked, the environment and the contract, the per-variable counts.
//! - Then one line per problem, `env-contract: ` followed by [`render::problem_line`], the very
//!   words of the CLI's text report: `env-contract: [FAIL] NEXTAUTH_SECRET missing: required in
//!   every environment`. So one alert rule, [`ALERT_PATTERN`], fits the CLI, Node and Python.
//! - `ENV_CONTRACT_LOG_FORMAT=json` (or the front's option, which wins) turns every line into
//!   one JSON object with stable fields (`level`, `event`, …; see [`JsonLine`]).
//! - Never a value: the lines hold names, codes, counts and core's messages, which are redacted.

use crate::code::{Code, Severity};
use crate::problem::{Problem, Report};
use crate::render::{self, problem_line};
use serde::{Deserialize, Serialize};

/// The variable that turns the JSON-lines form on.
pub const VAR: &str = "ENV_CONTRACT_LOG_FORMAT";

/// The documented alert rule: a missing variable, in the CLI's text report, the startup log
/// lines of Node and Python, and the message of `EnvContractError` alike (group 1 is the name).
pub const ALERT_PATTERN: &str = r"\[FAIL\] (\S+) missing\b";

/// The forms of the startup lines.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// One human line per event, the CLI's words.
    #[default]
    Text,
    /// One JSON object per line (JSON Lines), for log pipelines.
    Json,
}

impl LogFormat {
    /// Every format (`crate::enums` gives the bindings their names).
    pub const ALL: [LogFormat; 2] = [LogFormat::Text, LogFormat::Json];

    /// The format in effect: the front's option when given (it must be a name of
    /// [`LogFormat::ALL`]), else `ENV_CONTRACT_LOG_FORMAT` (`json`, trimmed, any case, turns
    /// JSON on; anything else, unset included, is text: a typo in a variable must not stop a
    /// boot).
    pub fn resolve(option: Option<&str>, env: Option<&str>) -> Result<LogFormat, String> {
        if let Some(option) = option {
            return crate::enums::parse(option, &LogFormat::ALL, "logFormat");
        }
        Ok(if env.is_some_and(|v| v.trim().eq_ignore_ascii_case("json")) { LogFormat::Json } else { LogFormat::Text })
    }
}

/// How loud a line is; each front maps it onto its channel (`console.info` / `warn` / `error`,
/// `logging.INFO` / `WARNING` / `ERROR`). Ordered from the quietest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Info,
    Warning,
    Error,
}

impl Level {
    /// Every level, in order (their names: `info`, `warning`, `error`).
    pub const ALL: [Level; 3] = [Level::Info, Level::Warning, Level::Error];

    /// The level's name, as its serde form spells it (what a front hands to its logger).
    pub fn name(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }

    /// The level of this name, or an error naming `what` and listing the names.
    pub fn parse(name: &str, what: &str) -> Result<Level, String> {
        crate::enums::parse(name, &Level::ALL, what)
    }
}

/// One line to log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Line {
    pub level: Level,
    pub text: String,
}

/// The status of a check, as the head line and the readiness endpoint name it.
pub fn status(report: &Report) -> &'static str {
    if !report.ok {
        "error"
    } else if report.has_warnings() {
        "degraded"
    } else {
        "ok"
    }
}

/// A line of the JSON form. Fields are in this order, and absent ones are left out: an
/// `event: "check"` line has `status`, `checked`, `errors`, `warnings`; an `event: "problem"`
/// line has `var` (null for a problem of the whole environment), `code`, `severity`,
/// `message`, `hint`. `message` (and `text`) are the words of the text form.
#[derive(Serialize)]
pub struct JsonLine<'a> {
    pub level: Level,
    pub logger: &'static str,
    pub event: &'static str,
    pub environment: &'a str,
    pub contract: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checked: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warnings: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub var: Option<Option<&'a str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<Code>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Severity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<Option<&'a str>>,
    /// The line of the text form, so a pipeline can show it as is.
    pub text: &'a str,
}

/// The head line: `env-contract: ok: 6 variables checked, environment "production", contract
/// env.contract.json: 5 passed, 1 warning, 0 failed`.
pub fn head_line(report: &Report, label: &str) -> String {
    let n = report.checked;
    format!(
        "env-contract: {}: {n} variable{} checked, environment \"{}\", contract {label}: {}",
        status(report),
        if n == 1 { "" } else { "s" },
        report.environment,
        report.counts().summary()
    )
}

/// The line of one problem: `env-contract: [FAIL] NEXTAUTH_SECRET missing: required in every
/// environment (hint: …)`.
pub fn problem_log_line(p: &Problem) -> String {
    format!("env-contract: {}", problem_line(p))
}

fn level_of(p: &Problem) -> Level {
    if p.is_error() { Level::Error } else { Level::Warning }
}

/// The startup lines of a check: the head line, then each error and, with `warnings`, each
/// warning (a front whose caller takes the warnings itself, Node's `onWarning`, leaves them
/// out). `label` is [`render::contract_label`]'s.
pub fn startup_lines(report: &Report, label: &str, format: LogFormat, warnings: bool) -> Vec<Line> {
    startup_lines_from(report, label, format, warnings, Level::Info)
}

/// [`startup_lines`] at `least` or louder, the others not made at all: for a front whose
/// logger says which levels it emits before the check (Python's `isEnabledFor`), so that a
/// warm check under a logger at `WARNING` formats no head line that would be dropped.
pub fn startup_lines_from(report: &Report, label: &str, format: LogFormat, warnings: bool, least: Level) -> Vec<Line> {
    let head_level = match status(report) {
        "error" => Level::Error,
        "degraded" => Level::Warning,
        _ => Level::Info,
    };
    let with_head = head_level >= least;
    let head = if with_head { head_line(report, label) } else { String::new() };
    let problems = report.problems.iter().filter(|p| (warnings || p.is_error()) && level_of(p) >= least);
    let mut lines = Vec::with_capacity(1 + report.problems.len());
    match format {
        LogFormat::Text => {
            if with_head {
                lines.push(Line { level: head_level, text: head });
            }
            lines.extend(problems.map(|p| Line { level: level_of(p), text: problem_log_line(p) }));
        }
        LogFormat::Json => {
            let base = JsonLine {
                level: head_level,
                logger: "env-contract",
                event: "check",
                environment: &report.environment,
                contract: label,
                status: Some(status(report)),
                checked: Some(report.checked),
                errors: Some(report.errors().count()),
                warnings: Some(report.warnings().count()),
                var: None,
                code: None,
                severity: None,
                message: None,
                hint: None,
                text: &head,
            };
            if with_head {
                lines.push(Line { level: head_level, text: json(&base) });
            }
            for p in problems {
                let text = problem_log_line(p);
                let line = JsonLine {
                    level: level_of(p),
                    event: "problem",
                    status: None,
                    checked: None,
                    errors: None,
                    warnings: None,
                    var: Some(p.var.as_deref()),
                    code: Some(p.code),
                    severity: Some(p.severity),
                    message: Some(&p.message),
                    hint: Some(p.hint.as_deref()),
                    text: &text,
                    ..base
                };
                lines.push(Line { level: line.level, text: json(&line) });
            }
        }
    }
    lines
}

fn json(line: &JsonLine<'_>) -> String {
    serde_json::to_string(line).unwrap_or_else(|_| r#"{"level":"error","logger":"env-contract"}"#.to_string())
}

/// The lines of a check that does not go through `assertEnv` (the CLI's `run`): the same as
/// [`startup_lines`] with every warning.
pub fn report_lines(report: &Report, contract: Option<&str>, format: LogFormat) -> Vec<Line> {
    startup_lines(report, &render::contract_label(contract), format, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report() -> Report {
        Report {
            ok: false,
            environment: "production".into(),
            checked: 3,
            problems: vec![
                Problem::error("NEXTAUTH_SECRET", Code::Missing, "required in every environment")
                    .with_hint("generate one"),
                Problem::warning("OLD", Code::Deprecated, "use NEW"),
            ],
            variables: vec!["NEXTAUTH_SECRET".to_string(), "NEW".into(), "OLD".into()].into(),
            unset: vec![0, 1],
            defaulted: vec![],
        }
    }

    #[test]
    fn the_text_lines_are_a_head_then_one_line_per_problem() {
        let lines = startup_lines(&report(), "env.contract.json", LogFormat::Text, true);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "env-contract: error: 3 variables checked, environment \"production\", contract env.contract.json: \
                 0 passed, 1 warning, 1 failed, 1 not set",
                "env-contract: [FAIL] NEXTAUTH_SECRET missing: required in every environment (hint: generate one)",
                "env-contract: [WARN] OLD deprecated: use NEW",
            ]
        );
        assert_eq!(lines.iter().map(|l| l.level).collect::<Vec<_>>(), [Level::Error, Level::Error, Level::Warning]);
        let re = regex::Regex::new(ALERT_PATTERN).unwrap();
        let hits: Vec<&str> = texts.iter().filter_map(|t| re.captures(t)).map(|c| c.get(1).unwrap().as_str()).collect();
        assert_eq!(hits, ["NEXTAUTH_SECRET"]);
        assert_eq!(startup_lines(&report(), "x", LogFormat::Text, false).len(), 2);
    }

    #[test]
    fn a_level_is_named_as_serde_names_it() {
        for level in Level::ALL {
            assert_eq!(serde_json::to_value(level).unwrap(), level.name());
            assert_eq!(Level::parse(level.name(), "log"), Ok(level));
        }
        assert!(Level::parse("debug", "log").unwrap_err().starts_with("log must be one of"));
    }

    #[test]
    fn lines_below_the_least_level_are_not_made() {
        let ok = Report { ok: true, problems: vec![], ..report() };
        assert_eq!(startup_lines(&ok, "x", LogFormat::Text, true).len(), 1);
        for format in LogFormat::ALL {
            assert!(startup_lines_from(&ok, "x", format, true, Level::Warning).is_empty());
            let errors_only = startup_lines_from(&report(), "x", format, true, Level::Error);
            assert_eq!(errors_only.iter().map(|l| l.level).collect::<Vec<_>>(), [Level::Error, Level::Error]);
            let all = startup_lines(&report(), "x", format, true);
            assert_eq!(startup_lines_from(&report(), "x", format, true, Level::Warning), all);
        }
    }

    #[test]
    fn the_json_lines_have_stable_fields() {
        let lines = startup_lines(&report(), "env.contract.json", LogFormat::Json, true);
        let parsed: Vec<serde_json::Value> = lines.iter().map(|l| serde_json::from_str(&l.text).unwrap()).collect();
        assert_eq!(parsed[0]["event"], "check");
        assert_eq!(parsed[0]["status"], "error");
        assert_eq!(parsed[0]["errors"], 1);
        assert_eq!(parsed[0]["warnings"], 1);
        assert_eq!(parsed[0]["checked"], 3);
        assert!(parsed[0].get("var").is_none());
        assert_eq!(parsed[1]["level"], "error");
        assert_eq!(parsed[1]["event"], "problem");
        assert_eq!(parsed[1]["var"], "NEXTAUTH_SECRET");
        assert_eq!(parsed[1]["code"], "missing");
        assert_eq!(parsed[1]["severity"], "error");
        assert_eq!(parsed[1]["environment"], "production");
        assert_eq!(parsed[1]["hint"], "generate one");
        assert_eq!(parsed[2]["level"], "warning");
        assert_eq!(parsed[2]["hint"], serde_json::Value::Null);
        let keys: Vec<&String> = parsed[1].as_object().unwrap().keys().collect();
        assert_eq!(
            keys,
            [
                "level",
                "logger",
                "event",
                "environment",
                "contract",
                "var",
                "code",
                "severity",
                "message",
                "hint",
                "text"
            ]
        );
    }

    #[test]
    fn the_option_beats_the_variable_and_a_typo_in_the_variable_is_text() {
        assert_eq!(LogFormat::resolve(None, Some(" JSON ")), Ok(LogFormat::Json));
        assert_eq!(LogFormat::resolve(None, Some("jsonl")), Ok(LogFormat::Text));
        assert_eq!(LogFormat::resolve(None, None), Ok(LogFormat::Text));
        assert_eq!(LogFormat::resolve(Some("text"), Some("json")), Ok(LogFormat::Text));
        assert!(LogFormat::resolve(Some("xml"), None).unwrap_err().contains("\"text\", \"json\""));
    }

    #[test]
    fn status_is_ok_degraded_or_error() {
        let mut r = report();
        assert_eq!(status(&r), "error");
        r.problems.remove(0);
        r.ok = true;
        assert_eq!(status(&r), "degraded");
        r.problems.clear();
        assert_eq!(status(&r), "ok");
    }
}
