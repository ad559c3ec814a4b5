//! A TypeScript declaration of the typed values: `assertEnv<Env>()`.

use crate::contract::{Contract, VarSpec};
use crate::meta::JsonType;
use serde_json::Value;
use std::fmt::Write as _;

fn ts_literal(v: &Value) -> String {
    match v {
        Value::String(_) | Value::Number(_) | Value::Bool(_) | Value::Null => v.to_string(),
        _ => "unknown".to_string(),
    }
}

fn ts_type(t: JsonType, items: &[JsonType]) -> String {
    match t {
        JsonType::String => "string".to_string(),
        JsonType::Integer | JsonType::Number => "number".to_string(),
        JsonType::Boolean => "boolean".to_string(),
        JsonType::Null => "null".to_string(),
        JsonType::Object => "Readonly<Record<string, unknown>>".to_string(),
        JsonType::Array => {
            let inner = if items.is_empty() {
                "string".to_string()
            } else {
                union(items.iter().map(|i| ts_type(*i, &[])).collect())
            };
            format!("readonly ({inner})[]")
        }
    }
}

/// The members of a union, each once, joined with ` | `.
fn union(parts: Vec<String>) -> String {
    let parts = super::distinct(parts);
    if parts.is_empty() { "unknown".to_string() } else { parts.join(" | ") }
}

/// The TypeScript type of a variable's coerced value.
fn var_type(v: &VarSpec) -> String {
    if let Some(Value::Array(e)) = v.schema.get("enum") {
        if !e.is_empty() && e.iter().all(|x| !x.is_object() && !x.is_array()) {
            return union(e.iter().map(ts_literal).collect());
        }
    }
    if let Some(c) = v.schema.get("const") {
        if !c.is_object() && !c.is_array() {
            return ts_literal(c);
        }
    }
    if v.types.is_empty() {
        return "string".to_string();
    }
    union(v.types.iter().map(|t| ts_type(*t, &v.item_types)).collect())
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

fn doc_comment(s: &mut String, lines: &[String]) {
    if lines.is_empty() {
        return;
    }
    let _ = writeln!(s, "  /**");
    for l in lines {
        for part in l.lines() {
            let _ = writeln!(s, "   * {}", part.replace("*/", "*\\/"));
        }
    }
    let _ = writeln!(s, "   */");
}

pub(super) fn render(contract: &Contract) -> String {
    let mut s = String::new();
    let title = contract.title().map(|t| format!(" \"{t}\"")).unwrap_or_default();
    let _ =
        writeln!(s, "// Generated from the contract{title} by `env-contract docs --format dts`. Do not edit by hand.");
    let _ = writeln!(s, "// Usage: `const env = assertEnv<Env>();`\n");
    let _ = writeln!(s, "/** The typed, coerced environment, defaults filled in. */");
    let _ = writeln!(s, "export interface Env {{");
    for v in contract.vars() {
        let mut lines = Vec::new();
        if let Some(d) = &v.description {
            lines.push(d.clone());
        }
        if let Some(d) = &v.default {
            lines.push(format!("@default {d}"));
        }
        if v.secret {
            lines.push("Secret: never log it.".to_string());
        }
        if let Some(n) = &v.deprecated_by {
            lines.push(format!("@deprecated use {n}"));
        }
        doc_comment(&mut s, &lines);
        // Present after a successful check: required in every environment, or defaulted.
        let always = contract.is_required(&v.name) || v.default.is_some();
        let key = if is_identifier(&v.name) { v.name.clone() } else { Value::String(v.name.clone()).to_string() };
        let _ = writeln!(s, "  readonly {key}{}: {};", if always { "" } else { "?" }, var_type(v));
    }
    if !contract.families().is_empty() {
        let patterns = contract.families().iter().map(|f| f.pattern.as_str()).collect::<Vec<_>>().join(", ");
        doc_comment(&mut s, &[format!("Families of variables: {patterns}")]);
        let _ = writeln!(s, "  readonly [name: string]: unknown;");
    }
    let _ = writeln!(s, "}}");
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_union_names_each_type_once() {
        let c = crate::Contract::from_value(&serde_json::json!({
            "type": "object",
            "properties": {"N": {"type": ["integer", "string", "number"]}}
        }))
        .unwrap();
        let dts = super::render(&c);
        assert!(dts.contains("N?: number | string;"), "{dts}");
    }
}
