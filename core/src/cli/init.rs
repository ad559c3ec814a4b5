//! `env-contract init`: infer a first contract from an example env file.
//!
//! The inferred contract is checked against the example itself before it is written: whatever
//! the example's own values break (a placeholder that is not a valid URL, say) is relaxed and
//! reported, so `init --from F` then `check --env-file F --no-process-env` reports no errors.

use super::args::InitArgs;
use super::{CmdResult, EXIT_OK, Failure, Io, write_out};
use crate::check::{CheckOptions, Env};
use crate::code::Code;
use crate::contract::Contract;
use crate::envfile::read_dotenv;
use serde_json::{Map, Value, json};

/// Client prefixes `init` recognises (the common ones of DESIGN §3.1 and a few more).
const KNOWN_CLIENT_PREFIXES: &[&str] =
    &["NEXT_PUBLIC_", "VITE_", "PUBLIC_", "REACT_APP_", "EXPO_PUBLIC_", "NUXT_PUBLIC_", "GATSBY_"];

/// Name segments that make a variable secret.
const SECRET_SEGMENTS: &[&str] =
    &["SECRET", "SECRETS", "PASSWORD", "PASSWD", "PWD", "PASS", "TOKEN", "TOKENS", "CREDENTIALS", "APIKEY"];
/// Name pieces that make a variable secret.
const SECRET_PIECES: &[&str] = &[
    "API_KEY",
    "ACCESS_KEY",
    "SECRET_KEY",
    "ENCRYPTION_KEY",
    "SIGNING_KEY",
    "AUTH_KEY",
    "SERVICE_ROLE_KEY",
    "MASTER_KEY",
    "PRIVATE_KEY",
    "DSN_SECRET",
];
/// Name segments of an on/off flag (so `0`/`1` is a boolean, not an integer).
const FLAG_SEGMENTS: &[&str] = &[
    "ENABLED", "ENABLE", "DISABLED", "DISABLE", "DEBUG", "TESTING", "VERBOSE", "USE", "IS", "ALLOW", "SKIP", "FLAG",
    "SECURE", "TLS", "SSL",
];

/// One assignment of the example file: its name and the comments that describe it.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Line {
    name: String,
    description: Option<String>,
}

/// What `init` inferred: the contract and notes on what it relaxed.
#[derive(Debug)]
pub struct Inferred {
    pub contract: Value,
    pub notes: Vec<String>,
}

fn valid_name(name: &str) -> bool {
    let mut c = name.chars();
    c.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_') && c.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The assignment name of a line (`export KEY=…`, `KEY = …`), if it is one.
fn assignment(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_start();
    let line = line.strip_prefix("export ").map_or(line, str::trim_start);
    let (name, rest) = line.split_once('=')?;
    let name = name.trim();
    valid_name(name).then_some((name, rest))
}

/// A comment that is only decoration (`# -----`, `#####`).
fn decoration(text: &str) -> bool {
    text.chars().all(|c| !c.is_alphanumeric())
}

/// Reads the file's lines: names in order, with the comment block just above each (no blank
/// line between) and an inline comment after an unquoted or closed value.
fn parse_lines(text: &str) -> Vec<Line> {
    let mut out: Vec<Line> = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    let mut open_quote: Option<char> = None;
    for raw in text.lines() {
        if let Some(q) = open_quote {
            if raw.contains(q) {
                open_quote = None;
            }
            continue;
        }
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            pending.clear();
            continue;
        }
        if let Some(comment) = trimmed.strip_prefix('#') {
            let content = comment.trim_start_matches('#').trim();
            if assignment(content).is_some() {
                pending.clear(); // a commented-out variable, not a description
            } else if !decoration(content) {
                pending.push(content.to_string());
            }
            continue;
        }
        let Some((name, rest)) = assignment(trimmed) else {
            pending.clear();
            continue;
        };
        let value = rest.trim_start();
        let mut inline = None;
        if let Some(q) = value.chars().next().filter(|c| *c == '"' || *c == '\'') {
            match value[1..].find(q) {
                Some(end) => {
                    let after = value[1 + end + 1..].trim();
                    inline = after.strip_prefix('#').map(|c| c.trim().to_string());
                }
                None => open_quote = Some(q),
            }
        } else if let Some(i) = value.find(" #") {
            inline = Some(value[i + 2..].trim().to_string());
        }
        let mut parts = std::mem::take(&mut pending);
        if let Some(c) = inline.filter(|c| !c.is_empty()) {
            parts.push(c);
        }
        let description = (!parts.is_empty()).then(|| parts.join(" "));
        match out.iter_mut().find(|l| l.name == name) {
            Some(l) => {
                if l.description.is_none() {
                    l.description = description;
                }
            }
            None => out.push(Line { name: name.to_string(), description }),
        }
    }
    out
}

fn segments(name: &str) -> Vec<String> {
    name.to_ascii_uppercase().split('_').filter(|s| !s.is_empty()).map(ToString::to_string).collect()
}

/// Whether a name looks like it holds a secret.
pub fn secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    segments(name).iter().any(|s| SECRET_SEGMENTS.contains(&s.as_str()))
        || SECRET_PIECES.iter().any(|p| upper.contains(p))
}

fn flag_name(name: &str) -> bool {
    segments(name).iter().any(|s| FLAG_SEGMENTS.contains(&s.as_str()))
}

fn port_name(name: &str) -> bool {
    segments(name).last().is_some_and(|s| s == "PORT")
}

fn bool_word(v: &str) -> bool {
    matches!(v.trim().to_ascii_lowercase().as_str(), "true" | "false" | "yes" | "no" | "on" | "off")
}

fn integer(v: &str) -> Option<i64> {
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 1 && digits.starts_with('0') {
        return None;
    }
    v.parse().ok()
}

fn decimal(v: &str) -> bool {
    let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
    let Some((int, frac)) = digits.split_once('.') else { return false };
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && v.parse::<f64>().is_ok_and(f64::is_finite)
}

/// The parsed URL, when the value is an absolute URL with `scheme://`.
fn as_url(v: &str) -> Option<url::Url> {
    let (scheme, _) = v.split_once("://")?;
    let ok = scheme.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    if !ok {
        return None;
    }
    url::Url::parse(v).ok()
}

/// The schema of one variable from its name and example value.
fn infer_var(name: &str, value: &str, client: bool, description: Option<&str>) -> Map<String, Value> {
    let mut s = Map::new();
    let mut secret = !client && secret_name(name);
    if value.is_empty() {
        s.insert("type".into(), json!("string"));
    } else if bool_word(value) || matches!(value, "0" | "1") && flag_name(name) {
        s.insert("type".into(), json!("boolean"));
        secret = false; // a flag about a secret (SKIP_ACCESS_TOKENS=true), not a secret
    } else if let Some(n) = integer(value) {
        if port_name(name) && (1..=65535).contains(&n) {
            s.insert("$ref".into(), json!("env-contract:port"));
        } else {
            s.insert("type".into(), json!("integer"));
        }
    } else if decimal(value) {
        s.insert("type".into(), json!("number"));
    } else if let Some(u) = as_url(value) {
        s.insert("type".into(), json!("string"));
        s.insert("format".into(), json!("uri"));
        // An example file runs on a laptop: its `http://localhost` is `https://` in production,
        // so an http URL admits both; other schemes (https, postgres, …) are kept as written.
        let schemes = match u.scheme() {
            "http" => json!(["http", "https"]),
            other => json!([other]),
        };
        s.insert("x-url".into(), json!({ "schemes": schemes }));
        if u.password().is_some() && !client {
            secret = true; // a URL with a password (a database URL) is a secret
        }
    } else {
        s.insert("type".into(), json!("string"));
    }
    if secret {
        s.insert("x-secret".into(), json!(true));
    }
    if let Some(d) = description {
        s.insert("description".into(), json!(d));
    }
    s
}

/// Infers a contract from the text of an example file and its values (as `read_dotenv`
/// reads them), then relaxes what the example itself breaks.
pub fn infer(text: &str, env: &Env, source: &str) -> Result<Inferred, String> {
    let lines = parse_lines(text);
    let mut prefixes: Vec<&str> = Vec::new();
    for l in &lines {
        if let Some(p) = KNOWN_CLIENT_PREFIXES.iter().find(|p| l.name.starts_with(**p)) {
            if !prefixes.contains(p) {
                prefixes.push(p);
            }
        }
    }
    let is_client = |name: &str| {
        if prefixes.is_empty() {
            name.starts_with("NEXT_PUBLIC_")
        } else {
            prefixes.iter().any(|p| name.starts_with(p))
        }
    };
    let mut properties = Map::new();
    let mut required = Vec::new();
    for l in &lines {
        // dotenvy read the values; a name it did not return is treated as empty.
        let value = env.get(&l.name).map_or("", String::as_str);
        properties.insert(
            l.name.clone(),
            Value::Object(infer_var(&l.name, value, is_client(&l.name), l.description.as_deref())),
        );
        if !value.is_empty() {
            required.push(json!(l.name));
        }
    }
    let mut doc = Map::new();
    doc.insert(
        "description".into(),
        json!(format!(
            "Inferred by `env-contract init` from {source}. Review it: tighten types, add x-url ports and hosts, x-stripe kinds, minLength for secrets and per-environment profiles."
        )),
    );
    doc.insert("type".into(), json!("object"));
    if !prefixes.is_empty() {
        doc.insert("x-client-prefixes".into(), json!(prefixes));
    }
    doc.insert("properties".into(), Value::Object(properties));
    doc.insert("required".into(), Value::Array(required));
    let mut doc = Value::Object(doc);
    let notes = relax(&mut doc, env)?;
    Ok(Inferred { contract: doc, notes })
}

/// Checks the contract against the example and relaxes what fails, up to a few rounds.
fn relax(doc: &mut Value, env: &Env) -> Result<Vec<String>, String> {
    let mut notes = Vec::new();
    for _ in 0..8 {
        let contract =
            Contract::from_value(doc).map_err(|e| format!("internal: the inferred contract does not load: {e}"))?;
        let outcome = contract.check(env, &CheckOptions::default());
        let errors: Vec<_> = outcome.report.errors().cloned().collect();
        if errors.is_empty() {
            return Ok(notes);
        }
        let mut changed = false;
        let props = doc.get_mut("properties").and_then(Value::as_object_mut).ok_or("internal: no properties")?;
        for p in errors {
            let Some(var) = p.var.clone() else { continue };
            if p.code == Code::ClientSecretLeak {
                // The example repeats a secret's placeholder in a client variable: drop
                // x-secret from the secret(s) whose value the client value holds.
                let client_value = env.get(&var).cloned().unwrap_or_default();
                for (name, schema) in props.iter_mut() {
                    let v = env.get(name).map_or("", String::as_str);
                    if !v.is_empty() && client_value.contains(v) && schema.get("x-secret").is_some() {
                        if let Some(o) = schema.as_object_mut() {
                            o.remove("x-secret");
                        }
                        notes.push(format!(
                            "{name}: not marked x-secret, because the example repeats its value in the client variable {var}; add \"x-secret\": true once the example uses distinct placeholders"
                        ));
                        changed = true;
                    }
                }
                continue;
            }
            let Some(Value::Object(schema)) = props.get_mut(&var) else { continue };
            let removed = match p.code {
                Code::Format => schema.remove("format").is_some(),
                c if c.as_str().starts_with("url-") => {
                    schema.remove("x-url").is_some() | schema.remove("format").is_some()
                }
                _ => {
                    let keep: Vec<&str> = vec!["description", "x-secret"];
                    let before = schema.len();
                    schema.retain(|k, _| keep.contains(&k.as_str()));
                    let was_string = before == schema.len() + 1 && !schema.contains_key("type");
                    schema.insert("type".into(), json!("string"));
                    !was_string
                }
            };
            if removed {
                notes.push(format!(
                    "{var}: the example's value fails `{}`, so it is declared as a plain string",
                    p.code
                ));
                changed = true;
            }
        }
        if !changed {
            let left: Vec<String> = outcome
                .report
                .errors()
                .map(|p| format!("{} {}", p.var.as_deref().unwrap_or("(environment)"), p.code))
                .collect();
            notes.push(format!("the example still fails the contract ({}): fix the example file", left.join(", ")));
            return Ok(notes);
        }
    }
    Ok(notes)
}

pub(super) fn run(a: &InitArgs, io: &mut Io<'_>) -> CmdResult {
    let to_stdout = a.out.as_os_str() == "-";
    if !to_stdout && a.out.exists() && !a.force {
        return Err(Failure::usage(format!(
            "{} exists: pass --force to overwrite it, or --out another path",
            a.out.display()
        )));
    }
    let text = std::fs::read_to_string(&a.from).map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::NotFound { " (pass --from FILE)" } else { "" };
        Failure::usage(format!("{}: cannot be read: {e}{hint}", a.from.display()))
    })?;
    let env = read_dotenv(&a.from)?;
    let source = a.from.file_name().map_or_else(|| a.from.display().to_string(), |n| n.to_string_lossy().into_owned());
    let inferred = infer(&text, &env, &source).map_err(Failure::usage)?;
    let mut out =
        serde_json::to_string_pretty(&inferred.contract).map_err(|e| Failure::usage(format!("internal: {e}")))?;
    out.push('\n');
    write_out(Some(&a.out), &out, io)?;
    let props = inferred.contract.get("properties").and_then(Value::as_object);
    let count = props.map_or(0, Map::len);
    let secrets = props.map_or(0, |p| p.values().filter(|v| v.get("x-secret").is_some()).count());
    let required = inferred.contract.get("required").and_then(Value::as_array).map_or(0, Vec::len);
    for n in &inferred.notes {
        let _ = writeln!(io.err, "env-contract init: note: {n}");
    }
    let target = if to_stdout { "stdout".to_string() } else { a.out.display().to_string() };
    let _ = writeln!(
        io.err,
        "env-contract init: wrote {target}: {count} variables ({required} required, {secrets} secret) from {}.\nNext: env-contract check --contract {} --env-file {} --no-process-env",
        a.from.display(),
        if to_stdout { "env.contract.json".to_string() } else { a.out.display().to_string() },
        a.from.display()
    );
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_names() {
        let text = "# The app's URL\nAPP_URL=http://x\n\n# ---\n# Section\n# ---\n\n# lonely\n\nB=1 # inline\nC=\"multi\nline\"\nD=2\n# E=commented\nF=\n";
        let lines = parse_lines(text);
        let names: Vec<&str> = lines.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["APP_URL", "B", "C", "D", "F"]);
        assert_eq!(lines[0].description.as_deref(), Some("The app's URL"));
        assert_eq!(lines[1].description.as_deref(), Some("inline"));
        assert_eq!(lines[3].description, None);
    }

    #[test]
    fn kinds() {
        assert!(secret_name("NEXTAUTH_SECRET") && secret_name("OPENAI_API_KEY") && secret_name("POSTGRES_PWD"));
        assert!(!secret_name("NEXTAUTH_URL") && !secret_name("STRIPE_PUBLISHABLE_KEY") && !secret_name("PASSPORT_ID"));
        assert_eq!(infer_var("PORT", "3000", false, None).get("$ref"), Some(&json!("env-contract:port")));
        assert_eq!(infer_var("POLAR_TESTING", "0", false, None).get("type"), Some(&json!("boolean")));
        assert_eq!(infer_var("WORKERS", "0", false, None).get("type"), Some(&json!("integer")));
        assert_eq!(infer_var("ZIP", "01234", false, None).get("type"), Some(&json!("string")));
        assert!(infer_var("NEXT_PUBLIC_SECRET_FLAG", "abc", true, None).get("x-secret").is_none());
        let db = infer_var("DATABASE_URL", "postgres://u:p@h:5432/d", false, None);
        assert_eq!(db.get("x-secret"), Some(&json!(true)));
        assert_eq!(db.get("x-url"), Some(&json!({"schemes": ["postgres"]})));
        let web = infer_var("BASE_URL", "http://localhost:3000", false, None);
        assert_eq!(web.get("x-url"), Some(&json!({"schemes": ["http", "https"]})));
    }
}
