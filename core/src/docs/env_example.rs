//! A commented `.env.example`: every declared variable, secrets left empty, defaults shown.

use super::words::{constraints, required_words, type_words};
use crate::contract::{Contract, VarSpec};
use serde_json::Value;
use std::fmt::Write as _;

/// A value as a dotenv line writes it: bare when safe, else single-quoted (no escapes
/// needed), else double-quoted with escapes.
pub(crate) fn dotenv_value(v: &str) -> String {
    let safe = v.chars().all(|c| c.is_ascii_alphanumeric() || "-_./:@+,=%~".contains(c));
    if safe {
        v.to_string()
    } else if !v.contains('\'') && !v.contains('\n') {
        format!("'{v}'")
    } else {
        let escaped = v.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n").replace('$', "\\$");
        format!("\"{escaped}\"")
    }
}

/// The text of a JSON value in the environment (how the contract's coercion reads it back).
fn env_text(v: &Value, separator: &str) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(|i| env_text(i, separator)).collect::<Vec<_>>().join(separator),
        other => other.to_string(),
    }
}

fn comment(s: &mut String, text: &str) {
    for line in text.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            s.push_str("#\n");
        } else {
            let _ = writeln!(s, "# {line}");
        }
    }
}

pub(super) fn render(contract: &Contract) -> String {
    let mut s = String::new();
    let title = contract.title().map(|t| format!(" \"{t}\"")).unwrap_or_default();
    let _ = writeln!(s, "# Generated from the contract{title} by `env-contract docs --format env-example`.");
    let _ = writeln!(s, "# Copy to .env and fill in. Secrets are left empty here: never commit their values.");
    for v in contract.vars() {
        s.push('\n');
        variable(contract, v, &mut s);
    }
    for f in contract.families() {
        s.push('\n');
        let _ = writeln!(s, "# Also checked: every variable matching `{}` ({}).", f.pattern, type_words(&f.spec));
    }
    s
}

fn variable(contract: &Contract, v: &VarSpec, s: &mut String) {
    if let Some(d) = &v.description {
        comment(s, d);
    }
    let mut facts = vec![type_words(v)];
    facts.extend(constraints(&v.schema));
    let mut line = facts.join(", ");
    match required_words(contract, &v.name) {
        Some(r) => {
            let _ = write!(line, ". Required {r}");
        }
        None => line.push_str(". Optional"),
    }
    if let Some(d) = &v.default {
        let _ = write!(line, " (default {})", env_text(d, &v.separator));
    }
    if v.secret {
        line.push_str(". Secret");
    }
    if v.client {
        line.push_str(". Public: shipped to the browser");
    }
    line.push('.');
    comment(s, &line);
    let value = if v.secret {
        String::new()
    } else if let Some(d) = &v.default {
        env_text(d, &v.separator)
    } else {
        v.schema
            .get("examples")
            .and_then(Value::as_array)
            .and_then(|e| e.first())
            .map(|e| env_text(e, &v.separator))
            .unwrap_or_default()
    };
    let _ = writeln!(s, "{}={}", v.name, if value.is_empty() { String::new() } else { dotenv_value(&value) });
}
