//! A variable's schema, in words: its type, its constraints, where it is required.

use crate::contract::walk::{Next, Place, Reach, walk};
use crate::contract::{Contract, VarSpec};
use crate::meta::{JsonType, StripeKind, UrlRule};
use serde_json::{Map, Value};

/// A JSON value as it appears in prose: strings quoted, others as JSON.
pub(super) fn show(v: &Value) -> String {
    match v {
        Value::String(s) => format!("\"{s}\""),
        other => other.to_string(),
    }
}

fn list(values: &[Value]) -> String {
    values.iter().map(show).collect::<Vec<_>>().join(", ")
}

/// The type of a variable in words, e.g. `integer`, `array of integer`, `string`.
pub(super) fn type_words(spec: &VarSpec) -> String {
    if spec.types.is_empty() {
        return "string".to_string();
    }
    let one = |t: JsonType| -> String {
        if t == JsonType::Array {
            let items = if spec.item_types.is_empty() {
                "string".to_string()
            } else {
                spec.item_types.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(" or ")
            };
            format!("array of {items} (separated by `{}`)", spec.separator)
        } else {
            t.as_str().to_string()
        }
    };
    spec.types.iter().map(|t| one(*t)).collect::<Vec<_>>().join(" or ")
}

fn stripe_words(kind: StripeKind) -> &'static str {
    match kind {
        StripeKind::Publishable => "a Stripe publishable key (`pk_live_…` / `pk_test_…`)",
        StripeKind::Secret => "a Stripe secret key (`sk_live_…` / `sk_test_…`)",
        StripeKind::Restricted => "a Stripe restricted key (`rk_live_…` / `rk_test_…`)",
        StripeKind::WebhookSecret => "a Stripe webhook signing secret (`whsec_…`)",
    }
}

/// The URL conditions in words.
pub(super) fn url_words(u: &UrlRule) -> Vec<String> {
    let mut out = Vec::new();
    match &u.schemes {
        Some(s) if !s.is_empty() => out
            .push(format!("a URL with scheme {}", s.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(" or "))),
        _ => out.push("a URL".to_string()),
    }
    if let Some(p) = u.port {
        out.push(format!("port {p} (explicit, else the scheme's default)"));
    }
    if let Some(ps) = &u.ports {
        out.push(format!("port one of {}", ps.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")));
    }
    if u.require_port == Some(true) {
        out.push("the port written out".to_string());
    }
    if let Some(h) = &u.host {
        out.push(format!("host `{h}`"));
    }
    if let Some(h) = &u.host_suffix {
        out.push(format!("host ending with `{h}`"));
    }
    if u.allow_localhost == Some(false) {
        out.push("not localhost (nor 127.0.0.0/8, ::1, 0.0.0.0)".to_string());
    }
    match u.allow_credentials {
        Some(false) => out.push("no `user:password@`".to_string()),
        Some(true) => out.push("credentials (`user:password@`) allowed".to_string()),
        None => {}
    }
    out
}

/// The constraints of a schema in words (types excluded).
pub(super) fn constraints(schema: &Map<String, Value>) -> Vec<String> {
    let mut out = Vec::new();
    let num = |k: &str| schema.get(k).filter(|v| v.is_number()).map(ToString::to_string);
    if let Some(Value::Array(e)) = schema.get("enum") {
        out.push(format!("one of {}", list(e)));
    }
    if let Some(c) = schema.get("const") {
        out.push(format!("exactly {}", show(c)));
    }
    match (num("minLength"), num("maxLength")) {
        (Some(a), Some(b)) if a == b => out.push(format!("exactly {a} characters")),
        (Some(a), Some(b)) => out.push(format!("{a} to {b} characters")),
        (Some(a), None) => out.push(format!("at least {a} characters")),
        (None, Some(b)) => out.push(format!("at most {b} characters")),
        (None, None) => {}
    }
    match (num("minimum"), num("maximum")) {
        (Some(a), Some(b)) => out.push(format!("from {a} to {b}")),
        (Some(a), None) => out.push(format!("at least {a}")),
        (None, Some(b)) => out.push(format!("at most {b}")),
        (None, None) => {}
    }
    if let Some(a) = num("exclusiveMinimum") {
        out.push(format!("greater than {a}"));
    }
    if let Some(b) = num("exclusiveMaximum") {
        out.push(format!("less than {b}"));
    }
    if let Some(m) = num("multipleOf") {
        out.push(format!("a multiple of {m}"));
    }
    if let Some(Value::String(p)) = schema.get("pattern") {
        out.push(format!("matches `{p}`"));
    }
    if let Some(Value::String(f)) = schema.get("format") {
        out.push(format!("format `{f}`"));
    }
    match (num("minItems"), num("maxItems")) {
        (Some(a), Some(b)) => out.push(format!("{a} to {b} items")),
        (Some(a), None) => out.push(format!("at least {a} items")),
        (None, Some(b)) => out.push(format!("at most {b} items")),
        (None, None) => {}
    }
    if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
        out.push("items unique".to_string());
    }
    if let Some(Value::Object(items)) = schema.get("items") {
        let inner = constraints(items);
        if !inner.is_empty() {
            out.push(format!("each item: {}", inner.join(", ")));
        }
    }
    if let Some(u) = schema.get("x-url").and_then(|v| serde_json::from_value::<UrlRule>(v.clone()).ok()) {
        out.extend(url_words(&u));
    }
    if let Some(k) = schema.get("x-stripe").and_then(|v| serde_json::from_value::<StripeKind>(v.clone()).ok()) {
        out.push(stripe_words(k).to_string());
    }
    if schema.get("x-empty").and_then(Value::as_str) == Some("value") {
        out.push("an empty string counts as a value".to_string());
    }
    out
}

/// Where a variable is required, in words; `None` when it is optional everywhere.
pub(super) fn required_words(contract: &Contract, name: &str) -> Option<String> {
    let mut parts = Vec::new();
    if contract.is_required(name) {
        parts.push("in every environment".to_string());
    } else {
        let envs: Vec<String> =
            contract.profiles().filter(|p| p.required.contains(name)).map(|p| format!("`{}`", p.name)).collect();
        if !envs.is_empty() {
            parts.push(format!("in {}", envs.join(", ")));
        }
    }
    for cond in conditions(contract.compiled_schema(), name) {
        parts.push(cond);
    }
    if parts.is_empty() { None } else { Some(parts.join("; ")) }
}

/// The environments where a variable's problems are only warnings (`x-warn`).
pub(super) fn warn_in(contract: &Contract, name: &str) -> Vec<String> {
    contract.profiles().filter(|p| p.warn.contains(name)).map(|p| p.name.clone()).collect()
}

/// Conditions (root `allOf`/`anyOf`/`oneOf`, `if`/`then`/`else`, `dependentRequired`) that
/// require a variable, in words.
fn conditions(root: &Value, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    walk_conditions(root, name, "", &mut out);
    if let Some(Value::Object(envs)) = root.get("x-environments") {
        for (env, profile) in envs {
            let mut inner = Vec::new();
            walk_conditions(profile, name, &format!("/x-environments/{env}"), &mut inner);
            out.extend(inner.into_iter().map(|c| format!("in `{env}`, {c}")));
        }
    }
    out
}

fn requires(schema: &Value, name: &str) -> bool {
    schema.get("required").and_then(Value::as_array).is_some_and(|r| r.iter().any(|v| v.as_str() == Some(name)))
}

fn walk_conditions(schema: &Value, name: &str, base: &str, out: &mut Vec<String>) {
    let visit = &mut |value: &Value, at: &Place, depth: usize| -> Result<Next, std::convert::Infallible> {
        let Value::Object(map) = value else { return Ok(Next::Prune) };
        if depth > 16 {
            return Ok(Next::Prune);
        }
        let at = &at.to_string();
        // A root `allOf` item that requires the variable itself is named by its place.
        if depth == 1 && at[base.len()..].starts_with("/allOf/") && requires(value, name) {
            out.push(format!("by the contract's condition at `{at}`"));
            return Ok(Next::Prune);
        }
        if let Some(cond) = map.get("if") {
            if map.get("then").is_some_and(|t| requires(t, name)) {
                out.push(format!("when {}", condition_words(cond, at)));
            }
            if map.get("else").is_some_and(|e| requires(e, name)) {
                out.push(format!("unless {}", condition_words(cond, at)));
            }
        }
        if let Some(Value::Object(dr)) = map.get("dependentRequired") {
            for (trigger, names) in dr {
                if names.as_array().is_some_and(|n| n.iter().any(|v| v.as_str() == Some(name))) {
                    out.push(format!("when `{trigger}` is set"));
                }
            }
        }
        Ok(Next::Descend)
    };
    let Ok(()) = walk(schema, base, Reach::Combinators, visit);
}

/// An `if` schema in words when it is simple (`const`/`enum` on variables), else its location.
fn condition_words(cond: &Value, at: &str) -> String {
    let mut parts = Vec::new();
    if let Some(Value::Object(props)) = cond.get("properties") {
        for (var, s) in props {
            if let Some(c) = s.get("const") {
                parts.push(format!("`{var}` is {}", show(c)));
            } else if let Some(Value::Array(e)) = s.get("enum") {
                parts.push(format!("`{var}` is one of {}", list(e)));
            } else {
                return format!("the condition at `{at}/if` holds");
            }
        }
    }
    if parts.is_empty() { format!("the condition at `{at}/if` holds") } else { parts.join(" and ") }
}

/// The example values of a variable (`examples`).
pub(super) fn examples(schema: &Map<String, Value>) -> Vec<String> {
    schema.get("examples").and_then(Value::as_array).map(|e| e.iter().map(show).collect()).unwrap_or_default()
}
