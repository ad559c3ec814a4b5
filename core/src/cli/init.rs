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
use crate::envfile::read_dotenv_file;
use serde_json::{Map, Value, json};

/// Client prefixes `init` recognises (the common ones of DESIGN §3.1 and a few more).
const KNOWN_CLIENT_PREFIXES: &[&str] =
    &["NEXT_PUBLIC_", "VITE_", "PUBLIC_", "REACT_APP_", "EXPO_PUBLIC_", "NUXT_PUBLIC_", "GATSBY_"];

/// One assignment of the example file: its name, the comments that describe it, and whether
/// a comment of its section says it is optional.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Line {
    name: String,
    description: Option<String>,
    optional_section: bool,
}

/// What `init` inferred: the contract and notes on what it relaxed.
#[derive(Debug)]
pub struct Inferred {
    pub contract: Value,
    pub notes: Vec<String>,
}

/// A comment that is only decoration (`# -----`, `#####`) or a section banner
/// (`# ---- Backend ----`, `# === Required ===`, `#####  DATABASE  #####`).
fn decoration(text: &str) -> bool {
    let t = text.trim();
    if t.chars().all(|c| !c.is_alphanumeric()) {
        return true;
    }
    let fence = |s: &str| {
        let mut chars = s.chars();
        let first = chars.next();
        first.is_some_and(|f| !f.is_alphanumeric() && !f.is_whitespace() && s.chars().take(3).all(|c| c == f))
    };
    fence(t) || fence(&t.chars().rev().collect::<String>())
}

/// Words of a comment that make its section optional.
fn says_optional(text: &str) -> bool {
    let t = text.to_ascii_lowercase();
    [
        "optional",
        "ignore",
        "not applicable",
        "only if",
        "only needed",
        "only required",
        "if you use",
        "if you want",
        "leave empty",
        "not required",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// Whether a comment's text is a commented-out assignment (`# SMTP_PORT=587`).
fn commented_assignment(text: &str) -> bool {
    let p = crate::envfile::parse(text.trim());
    p.errors.is_empty() && p.assignments.len() == 1
}

/// Reads the file's structure (core's one dotenv parser): names in order, with the comment block
/// just above each (no blank line between; banners and decoration skipped), the inline comment
/// after the value, and whether the run of lines it sits in is marked optional by a comment.
fn parse_lines(text: &str) -> Vec<Line> {
    use crate::envfile::LineKind;
    let parsed = crate::envfile::parse(text);
    let mut out: Vec<Line> = Vec::new();
    let mut pending: Vec<String> = Vec::new();
    // The comment block above the current run of assignments (a run ends at a blank line).
    let mut run_optional = false;
    let mut in_run = false;
    let mut banner_optional = false;
    for kind in &parsed.lines {
        match kind {
            LineKind::Blank | LineKind::Error => {
                pending.clear();
                in_run = false;
                run_optional = false;
            }
            LineKind::Continuation => {}
            LineKind::Comment(c) => {
                let content = c.trim_start_matches('#').trim();
                if commented_assignment(content) {
                    pending.clear(); // a commented-out variable, not a description
                } else if decoration(content) {
                    if content.chars().any(char::is_alphanumeric) {
                        banner_optional = says_optional(content); // a section banner
                    }
                } else {
                    pending.push(content.to_string());
                }
                if in_run {
                    in_run = false;
                    run_optional = false;
                }
            }
            LineKind::Assignment(i) => {
                let a = &parsed.assignments[*i];
                if !in_run {
                    run_optional = pending.iter().any(|p| says_optional(p));
                    in_run = true;
                }
                let mut parts = std::mem::take(&mut pending);
                if let Some(c) = a.comment.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                    parts.push(c.to_string());
                }
                let optional_section = run_optional || banner_optional || parts.iter().any(|p| says_optional(p));
                let description = (!parts.is_empty()).then(|| parts.join(" "));
                match out.iter_mut().find(|l| l.name == a.key) {
                    Some(l) => {
                        if l.description.is_none() {
                            l.description = description;
                        }
                    }
                    None => out.push(Line { name: a.key.clone(), description, optional_section }),
                }
            }
        }
    }
    out
}

fn segments(name: &str) -> Vec<String> {
    name.to_ascii_uppercase().split('_').filter(|s| !s.is_empty()).map(ToString::to_string).collect()
}

/// Last name segments of a setting about a secret rather than the secret itself
/// (`…_TOKEN_URL`, `API_KEY_RATE_LIMIT`, `JWT_TOKEN_EXPIRY`, `SECRETKEY_PATH`).
const NOT_SECRET_LAST: &[&str] = &[
    "URL",
    "URI",
    "URLS",
    "ENDPOINT",
    "HOST",
    "PORT",
    "PATH",
    "DIR",
    "FILE",
    "EXPIRY",
    "EXPIRES",
    "EXPIRATION",
    "TTL",
    "LIFETIME",
    "VALIDITY",
    "TIMEOUT",
    "LIMIT",
    "SIZE",
    "COUNT",
    "ROUNDS",
    "COMPLEXITY",
    "ISSUER",
    "AUDIENCE",
    "ALGORITHM",
    "TYPE",
    "MODE",
    "REGION",
    "NAME",
    "ID",
    "LENGTH",
    "MINUTES",
    "HOURS",
    "DAYS",
    "SECONDS",
    "MS",
    "MINS",
    "ENABLED",
    "DISABLED",
    "HEADER",
    "FIELD",
    "PREFIX",
    "VERSION",
];
/// Whole last segments that are a secret on their own (`REDIS_AUTH`, `SSL_KEY`).
const SECRET_LAST: &[&str] = &["AUTH", "KEY", "CONTENTS"];
/// Names of connection URLs, secret even when the example shows no (or a masked) password.
const CONNECTION_NAMES: &[&str] = &[
    "DATABASE_URL",
    "DATABASE_URI",
    "DB_URL",
    "DB_URI",
    "POSTGRES_URL",
    "POSTGRES_URI",
    "POSTGRESQL_URL",
    "PG_URL",
    "MYSQL_URL",
    "MONGO_URL",
    "MONGO_URI",
    "MONGODB_URL",
    "MONGODB_URI",
    "REDIS_URL",
    "REDIS_URI",
    "KV_URL",
    "PRISMA_URL",
    "CONNECTION_URL",
    "CONNECTION_STRING",
    "AMQP_URL",
    "RABBITMQ_URL",
    "BROKER_URL",
    "CELERY_BROKER_URL",
    "CLICKHOUSE_URL",
    "SMTP_URL",
];

/// Whether a name looks like it holds a secret.
pub fn secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let segs = segments(name);
    let Some(last) = segs.last() else { return false };
    if CONNECTION_NAMES.iter().any(|c| upper == *c || upper.ends_with(&format!("_{c}"))) {
        return true;
    }
    // A flag about a secret (`USE_USER_TOKEN`), or a setting about one (`…_TOKEN_URL`).
    if segs.first().is_some_and(|f| ["USE", "IS", "ENABLE", "DISABLE", "SKIP", "ALLOW", "HAS"].contains(&f.as_str()))
        || NOT_SECRET_LAST.contains(&last.as_str())
    {
        return false;
    }
    // The secret words of the leak rules (`names::secret_word`), and a few of init's own.
    let pieces =
        crate::names::secret_word(&upper).is_some() || upper.ends_with("SDK_KEY") || upper.contains("CLIENT_STATE");
    segs.iter().any(|s| s == "SALT" || s == "PEPPER")
        || pieces
        || segs.len() > 1
            && SECRET_LAST.contains(&last.as_str())
            && !["PUBLIC", "PUBLISHABLE", "ANON", "SITE"].iter().any(|p| segs.contains(&(*p).to_string()))
}

fn flag_name(name: &str) -> bool {
    use crate::names::{FLAG_WORDS, SWITCH_WORDS};
    segments(name).iter().any(|s| FLAG_WORDS.contains(&s.as_str()) || SWITCH_WORDS.contains(&s.as_str()))
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

/// The items of a value that is clearly a list: the name's last segment is plural (`…ORIGINS`,
/// `…PROVIDERS`, `…_LIST`) and the value is two or more non-empty items joined by commas, with
/// no spaces.
fn comma_list(name: &str, value: &str) -> Option<Vec<String>> {
    let last = segments(name).last().cloned().unwrap_or_default();
    let plural = last == "LIST"
        || last.len() > 3 && last.ends_with('S') && !last.ends_with("SS") && !NOT_PLURAL.contains(&last.as_str());
    let items: Vec<&str> = value.split(',').collect();
    let clean = items.len() >= 2 && items.iter().all(|i| !i.is_empty() && !i.contains(char::is_whitespace));
    (plural && clean).then(|| items.iter().map(|i| (*i).to_string()).collect())
}

/// Last segments that end in S without being plurals.
const NOT_PLURAL: &[&str] =
    &["STATUS", "ADDRESS", "ALIAS", "BASIS", "CREDENTIALS", "SETTINGS", "OPTIONS", "PARAMS", "ARGS", "FLAGS"];

/// The schemes a URL's scheme stands for: an example runs on a laptop, production often uses
/// the TLS form or a driver form of the same scheme.
fn scheme_family(scheme: &str) -> Vec<String> {
    let family: &[&str] = match scheme {
        "http" | "https" => &["http", "https"],
        "ws" | "wss" => &["ws", "wss"],
        "amqp" | "amqps" => &["amqp", "amqps"],
        "smtp" | "smtps" => &["smtp", "smtps"],
        "mqtt" | "mqtts" => &["mqtt", "mqtts"],
        "mongodb" | "mongodb+srv" => &["mongodb", "mongodb+srv"],
        "postgres" | "postgresql" => POSTGRES_SCHEMES,
        s if s.starts_with("postgresql+") || s.starts_with("postgres+") => POSTGRES_SCHEMES,
        "mysql" => &["mysql", "mysql2", "mysql+pymysql", "mysql+aiomysql", "mysql+mysqldb"],
        s if s.starts_with("mysql+") => &["mysql", "mysql2", "mysql+pymysql", "mysql+aiomysql", "mysql+mysqldb"],
        _ => &[],
    };
    let mut out: Vec<String> = family.iter().map(|s| (*s).to_string()).collect();
    if !out.iter().any(|s| s == scheme) {
        out.push(scheme.to_string());
    }
    out
}

/// `postgres`, `postgresql` and the `SQLAlchemy` driver forms Python apps use.
const POSTGRES_SCHEMES: &[&str] =
    &["postgres", "postgresql", "postgresql+asyncpg", "postgresql+psycopg", "postgresql+psycopg2", "postgresql+pg8000"];

/// The built-in preset a variable fits, from its name and value (an empty value fits by name).
fn preset_for(name: &str, value: &str, client: bool) -> Option<&'static str> {
    let upper = name.to_ascii_uppercase();
    let v = value.trim();
    let words = |set: &[&str]| v.is_empty() || set.contains(&v);
    if upper == "NODE_ENV" && words(&["development", "production", "test"]) {
        return Some("node-env");
    }
    if (upper == "LOG_LEVEL" || upper.ends_with("_LOG_LEVEL"))
        && (v.is_empty()
            || ["trace", "debug", "info", "warn", "warning", "error", "critical", "fatal", "silent"]
                .contains(&v.to_ascii_lowercase().as_str())
                && (v == v.to_ascii_lowercase() || v == v.to_ascii_uppercase()))
    {
        return Some("log-level");
    }
    if upper.ends_with("SENTRY_DSN") && (v.is_empty() || v.starts_with("https://")) {
        return Some("sentry-dsn");
    }
    if upper.starts_with("STRIPE_") || upper.contains("_STRIPE_") {
        if !client && upper.ends_with("SECRET_KEY") && (v.is_empty() || v.starts_with("sk_")) {
            return Some("stripe-secret-key");
        }
        if !client && upper.ends_with("WEBHOOK_SECRET") && (v.is_empty() || v.starts_with("whsec_")) {
            return Some("stripe-webhook-secret");
        }
        if upper.ends_with("PUBLISHABLE_KEY") && (v.is_empty() || v.starts_with("pk_")) {
            return Some("stripe-publishable-key");
        }
    }
    None
}

/// The schema of one variable from its name and example value.
fn infer_var(name: &str, value: &str, client: bool, description: Option<&str>) -> Map<String, Value> {
    let mut s = Map::new();
    let mut secret = !client && secret_name(name);
    let mut example = true;
    if let Some(preset) = preset_for(name, value, client) {
        s.insert("$ref".into(), json!(format!("env-contract:{preset}")));
        secret = secret && !preset.ends_with("publishable-key");
    } else if value.is_empty() {
        if port_name(name) {
            s.insert("$ref".into(), json!("env-contract:port"));
            secret = false;
        } else {
            s.insert("type".into(), json!("string"));
        }
    } else if bool_word(value) || matches!(value, "0" | "1") && flag_name(name) {
        s.insert("type".into(), json!("boolean"));
        secret = false; // a flag about a secret (SKIP_ACCESS_TOKENS=true), not a secret
    } else if let Some(n) = integer(value) {
        // A number is a setting (`JWT_TOKEN_EXPIRY_IN_MINUTES=360`), not a secret.
        secret = false;
        if port_name(name) && (1..=65535).contains(&n) {
            s.insert("$ref".into(), json!("env-contract:port"));
        } else {
            s.insert("type".into(), json!("integer"));
        }
    } else if decimal(value) {
        secret = false;
        s.insert("type".into(), json!("number"));
    } else if let Some(items) = comma_list(name, value) {
        // `ALLOWED_PROVIDERS=GOOGLE,GITHUB`: a plural name and a clean comma list.
        s.insert("type".into(), json!("array"));
        s.insert("items".into(), json!({ "type": "string" }));
        if !secret {
            s.insert("examples".into(), json!([items]));
        }
        example = false;
    } else if let Some(u) = as_url(value) {
        s.insert("type".into(), json!("string"));
        s.insert("format".into(), json!("uri"));
        let family = scheme_family(u.scheme());
        if !client && (u.scheme() == "redis" || u.scheme() == "rediss") {
            // The built-in preset: redis or rediss, secret.
            s.clear();
            s.insert("$ref".into(), json!("env-contract:redis-url"));
            secret = false; // the preset says x-secret itself
        } else {
            s.insert("x-url".into(), json!({ "schemes": family }));
        }
        if u.password().is_some() && !client {
            secret = true; // a URL with a password (a database URL) is a secret
        }
    } else {
        s.insert("type".into(), json!("string"));
    }
    if secret {
        s.insert("x-secret".into(), json!(true));
        example = false;
    }
    if let Some(d) = description {
        s.insert("description".into(), json!(d));
    }
    // The example's value, for the docs and a regenerated .env.example (never a secret's).
    if example && !value.is_empty() {
        s.insert("examples".into(), json!([value]));
    }
    s
}

/// Whether a variable says where a service is: a URL, or a name ending in `HOST`, `DOMAIN`,
/// `URL`, `URI`, `ENDPOINT` or `ORIGIN`.
fn locates_a_service(name: &str, value: &str) -> bool {
    let last = segments(name).last().cloned().unwrap_or_default();
    as_url(value).is_some()
        || ["HOST", "DOMAIN", "URL", "URI", "ENDPOINT", "ORIGIN", "ORIGINS"].contains(&last.as_str())
}

/// Whether a secret is an optional provider credential: another variable of the same stem
/// (`GOOGLE_CLIENT_ID` for `GOOGLE_CLIENT_SECRET`) is left empty too, or its section says it
/// is optional.
fn provider_credential(line: &Line, lines: &[Line], env: &Env) -> bool {
    let stem = |n: &str| n.rsplit_once('_').map(|(a, _)| a.to_string());
    let Some(mine) = stem(&line.name) else { return false };
    line.optional_section
        || lines.iter().any(|o| {
            o.name != line.name
                && stem(&o.name).as_deref() == Some(mine.as_str())
                && env.get(&o.name).is_none_or(String::is_empty)
        })
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
    let mut production = Vec::new();
    for l in &lines {
        let value = env.get(&l.name).map_or("", String::as_str);
        let schema = infer_var(&l.name, value, is_client(&l.name), l.description.as_deref());
        let secret = schema.get("x-secret").is_some()
            || schema.get("$ref").and_then(Value::as_str).is_some_and(|r| {
                ["env-contract:redis-url", "env-contract:postgres-url"].contains(&r)
                    || r.ends_with("-secret-key")
                    || r.ends_with("webhook-secret")
            });
        properties.insert(l.name.clone(), Value::Object(schema));
        if secret {
            // Secrets are required where it matters, in production: those the example gives a
            // value, and the empty ones that are not optional provider credentials.
            if !value.is_empty() || !provider_credential(l, &lines, env) {
                production.push(json!(l.name));
            }
        } else if !value.is_empty() && !l.optional_section && locates_a_service(&l.name, value) {
            // Where the app finds its services is needed everywhere; other settings with an
            // example value (ports, flags, limits, names) are optional, the value an example.
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
    if !production.is_empty() {
        doc.insert("x-environments".into(), json!({ "production": { "required": production } }));
    }
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
    let file = read_dotenv_file(&a.from)?;
    for w in &file.warnings {
        let _ = writeln!(io.err, "env-contract: warning: {w}");
    }
    let env = file.env;
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
    let production =
        inferred.contract.pointer("/x-environments/production/required").and_then(Value::as_array).map_or(0, Vec::len);
    for n in &inferred.notes {
        let _ = writeln!(io.err, "env-contract init: note: {n}");
    }
    let target = if to_stdout { "stdout".to_string() } else { a.out.display().to_string() };
    let _ = writeln!(
        io.err,
        "env-contract init: wrote {target}: {count} variables ({required} required everywhere, {production} more in production, {secrets} secret) from {}.\nNext: env-contract check --contract {} --env-file {} --no-process-env",
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
        let schemes = db.get("x-url").and_then(|u| u.get("schemes")).and_then(Value::as_array).unwrap();
        for s in ["postgres", "postgresql", "postgresql+asyncpg"] {
            assert!(schemes.contains(&json!(s)), "{s}");
        }
        assert!(db.get("examples").is_none(), "a secret's value is never an example");
        let web = infer_var("BASE_URL", "http://localhost:3000", false, None);
        assert_eq!(web.get("x-url"), Some(&json!({"schemes": ["http", "https"]})));
        assert_eq!(web.get("examples"), Some(&json!(["http://localhost:3000"])));
        assert_eq!(infer_var("WS_URL", "ws://h/x", false, None).get("x-url"), Some(&json!({"schemes": ["ws", "wss"]})));
        let mongo = infer_var("MONGO_URL", "mongodb://mongo:27017/app", false, None);
        assert_eq!(mongo.get("x-url"), Some(&json!({"schemes": ["mongodb", "mongodb+srv"]})));
        assert_eq!(mongo.get("x-secret"), Some(&json!(true)), "a connection URL without a password is still secret");
        assert_eq!(
            infer_var("REDIS_URL", "redis://cache:6379", false, None).get("$ref"),
            Some(&json!("env-contract:redis-url"))
        );
        assert_eq!(infer_var("LOG_LEVEL", "info", false, None).get("$ref"), Some(&json!("env-contract:log-level")));
        assert_eq!(
            infer_var("NODE_ENV", "development", false, None).get("$ref"),
            Some(&json!("env-contract:node-env"))
        );
        assert_eq!(infer_var("SENTRY_DSN", "", false, None).get("$ref"), Some(&json!("env-contract:sentry-dsn")));
        assert_eq!(
            infer_var("STRIPE_SECRET_KEY", "", false, None).get("$ref"),
            Some(&json!("env-contract:stripe-secret-key"))
        );
        assert_eq!(infer_var("API_PORT", "", false, None).get("$ref"), Some(&json!("env-contract:port")));
        // Numbers and bind addresses are settings, not secrets or integers.
        assert!(infer_var("JWT_TOKEN_EXPIRY_IN_MINUTES", "360", false, None).get("x-secret").is_none());
        assert_eq!(infer_var("BIND", "0.0.0.0:8000", false, None).get("type"), Some(&json!("string")));
        // Clear comma lists become arrays; others stay strings.
        let list = infer_var("ALLOWED_AUTH_PROVIDERS", "GOOGLE,GITHUB", false, None);
        assert_eq!(
            (list.get("type"), list.get("examples")),
            (Some(&json!("array")), Some(&json!([["GOOGLE", "GITHUB"]])))
        );
        assert_eq!(infer_var("GOOGLE_SCOPE", "email,profile", false, None).get("type"), Some(&json!("string")));
        assert_eq!(infer_var("TAGS", "a, b", false, None).get("type"), Some(&json!("string")));
    }

    #[test]
    fn secret_names() {
        for yes in [
            "REDIS_AUTH",
            "SSL_KEY",
            "GOOGLE_KEY_CONTENTS",
            "FLAGS_SDK_KEY",
            "SUPABASE_SERVICE_ROLE",
            "MS_CLIENT_STATE",
            "REDIS_URL",
            "MONGO_URL",
            "POSTGRES_URL",
            "POSTGRES_PRISMA_URL",
            "SMTP_CONNECTION_URL",
            "SALT",
        ] {
            assert!(secret_name(yes), "{yes}");
        }
        for no in [
            "GOOGLE_TOKEN_URL",
            "OAUTH_TOKEN_URI",
            "API_KEY_RATE_LIMIT",
            "USE_USER_TOKEN",
            "SECRETKEY_PATH",
            "JWT_TOKEN_EXPIRY",
            "PUBLIC_SUPABASE_ANON_KEY",
            "TOKEN_SALT_COMPLEXITY",
        ] {
            assert!(!secret_name(no), "{no}");
        }
    }

    #[test]
    fn banners_sections_and_inline_comments() {
        let text = "# ---- Backend ----\nA=1\n# === Required ===\n# The key\nKEY=\nB= # seconds\n\n# Optional: analytics\nP_ID=\nP_SECRET=\n";
        let lines = parse_lines(text);
        assert_eq!(lines[0].description, None, "a banner is not a description");
        assert_eq!(lines[1].description.as_deref(), Some("The key"));
        assert_eq!(lines[2].description.as_deref(), Some("seconds"));
        assert!(!lines[1].optional_section && lines[3].optional_section && lines[4].optional_section);
    }

    #[test]
    fn secrets_are_required_in_production() {
        let text =
            "AUTH_SECRET=\nGITHUB_ID=\nGITHUB_SECRET=\nSESSION_SECRET=dev\nAPP_URL=http://localhost:3000\nWORKERS=2\n";
        let env = crate::envfile::parse(text).assignments.iter().map(|a| (a.key.clone(), a.value())).collect();
        let doc = infer(text, &env, "x").unwrap().contract;
        assert_eq!(doc["required"], json!(["APP_URL"]));
        assert_eq!(doc["x-environments"]["production"]["required"], json!(["AUTH_SECRET", "SESSION_SECRET"]));
    }
}
