//! A typed Python module of the values: a `TypedDict` for `assert_env(..., typed=Env)`.
//!
//! Keys present after every successful check (required by the root, or defaulted) are
//! required keys; the others live in a `total=False` part. The two-class form (a required base,
//! a `total=False` subclass) type-checks on every Python the package supports (3.10 has no
//! `typing.NotRequired`) without a `typing_extensions` dependency.

use crate::contract::{Contract, VarSpec};
use crate::meta::JsonType;
use serde_json::Value;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// Python's keywords: no class attribute may be named so.
const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
    "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
    "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

/// The names a generated module imports from `typing`, in the order they are written.
#[derive(Default)]
struct Imports(BTreeSet<&'static str>);

fn literal(v: &Value) -> Option<String> {
    match v {
        // A JSON string is a valid Python string literal (serde escapes `"`, `\` and controls).
        Value::String(_) => Some(v.to_string()),
        Value::Bool(true) => Some("True".into()),
        Value::Bool(false) => Some("False".into()),
        Value::Null => Some("None".into()),
        // `Literal` takes integers, never floats.
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(n.to_string()),
        _ => None,
    }
}

fn py_type(t: JsonType, items: &[JsonType], imports: &mut Imports) -> String {
    match t {
        JsonType::String => "str".into(),
        JsonType::Integer => "int".into(),
        JsonType::Number => "float".into(),
        JsonType::Boolean => "bool".into(),
        JsonType::Null => "None".into(),
        JsonType::Object => {
            imports.0.insert("Any");
            "dict[str, Any]".into()
        }
        JsonType::Array => {
            let inner =
                if items.is_empty() { "str".into() } else { union(items.iter().map(|i| py_type(*i, &[], imports))) };
            format!("list[{inner}]")
        }
    }
}

/// The members of a union, each once, joined with ` | `.
fn union(parts: impl Iterator<Item = String>) -> String {
    let parts = super::distinct(parts);
    if parts.is_empty() { "str".into() } else { parts.join(" | ") }
}

/// The Python type of a variable's coerced value.
fn var_type(v: &VarSpec, imports: &mut Imports) -> String {
    let literals = |values: &[Value]| -> Option<Vec<String>> { values.iter().map(literal).collect() };
    if let Some(Value::Array(e)) = v.schema.get("enum") {
        if let Some(parts) = literals(e).filter(|p| !p.is_empty()) {
            imports.0.insert("Literal");
            return format!("Literal[{}]", super::distinct(parts).join(", "));
        }
    }
    if let Some(c) = v.schema.get("const") {
        if let Some(lit) = literal(c) {
            imports.0.insert("Literal");
            return format!("Literal[{lit}]");
        }
    }
    if v.types.is_empty() {
        return "str".into();
    }
    union(v.types.iter().map(|t| py_type(*t, &v.item_types, imports)))
}

fn is_attribute(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !KEYWORDS.contains(&name)
}

/// The docstring lines of a variable: description, default, secrecy, deprecation.
fn doc_lines(v: &VarSpec) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(d) = &v.description {
        lines.extend(d.lines().map(str::to_string));
    }
    if let Some(d) = &v.default {
        lines.push(format!("Default: {}.", literal(d).unwrap_or_else(|| d.to_string())));
    }
    if v.secret {
        lines.push("Secret: never log it.".into());
    }
    if let Some(n) = &v.deprecated_by {
        lines.push(format!("Deprecated: use {n}."));
    }
    lines
}

/// A docstring body: backslashes and triple quotes cannot end or bend it.
fn docstring(lines: &[String], indent: &str) -> String {
    let body = lines.join(&format!("\n{indent}")).replace('\\', "\\\\").replace("\"\"\"", "\\\"\\\"\\\"");
    let body = if body.ends_with('"') { format!("{body} ") } else { body };
    if lines.len() == 1 {
        format!("{indent}\"\"\"{body}\"\"\"\n")
    } else {
        format!("{indent}\"\"\"{body}\n{indent}\"\"\"\n")
    }
}

/// One class body: each key, its type and its docstring (`pass` when empty).
fn class_body(vars: &[(&VarSpec, String)]) -> String {
    let mut s = String::new();
    for (v, ty) in vars {
        let _ = writeln!(s, "    {}: {ty}", v.name);
        let lines = doc_lines(v);
        if !lines.is_empty() {
            s.push_str(&docstring(&lines, "    "));
        }
    }
    if s.is_empty() {
        s.push_str("    pass\n");
    }
    s
}

/// The functional form, for names that are Python keywords (`class`, `None`): a contract's
/// names are identifiers, but not every identifier can be an attribute.
fn functional(name: &str, vars: &[(&VarSpec, String)], total: bool) -> String {
    let mut s = format!("{name} = TypedDict(\n    {name:?},\n    {{\n");
    for (v, ty) in vars {
        for l in doc_lines(v) {
            let _ = writeln!(s, "        # {l}");
        }
        let _ = writeln!(s, "        {}: {ty},", Value::String(v.name.clone()));
    }
    s.push_str(if total { "    },\n)\n" } else { "    },\n    total=False,\n)\n" });
    s
}

pub(super) fn render(contract: &Contract) -> String {
    let mut imports = Imports::default();
    imports.0.insert("TypedDict");
    let (mut always, mut maybe) = (Vec::new(), Vec::new());
    for v in contract.vars() {
        let ty = var_type(v, &mut imports);
        // Present after a successful check: required in every environment, or defaulted.
        if contract.is_required(&v.name) || v.default.is_some() {
            always.push((v, ty));
        } else {
            maybe.push((v, ty));
        }
    }
    let title = contract.title().map(|t| format!(" {}", Value::String(t.into()))).unwrap_or_default();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# Generated from the contract{title} by `env-contract docs --format python`. Do not edit by hand:"
    );
    let _ = writeln!(
        s,
        "# regenerate with `env-contract docs --format python --out PATH`, and add `--check` in CI to fail"
    );
    let _ = writeln!(s, "# when this file is stale. Formatters leave it as generated, so that check stays exact:");
    let _ = writeln!(s, "# fmt: off");
    let _ = writeln!(s, "\"\"\"The typed environment: `env = assert_env(\"env.contract.json\", typed=Env)`.\"\"\"\n");
    let _ = writeln!(s, "from typing import {}\n", imports.0.iter().copied().collect::<Vec<_>>().join(", "));
    let _ = writeln!(s, "__all__ = [\"Env\"]\n");
    let families = contract.families().iter().map(|f| f.pattern.as_str()).collect::<Vec<_>>();
    let mut doc = vec!["The typed, coerced environment, defaults filled in (a read-only mapping).".to_string()];
    if !families.is_empty() {
        doc.push(format!("Families of variables ({}) are in the mapping but not typed here.", families.join(", ")));
    }
    if always.iter().chain(&maybe).all(|(v, _)| is_attribute(&v.name)) {
        let _ = writeln!(s, "\nclass _EnvRequired(TypedDict):");
        s.push_str(&docstring(&["The keys every successful check returns.".to_string()], "    "));
        s.push('\n');
        s.push_str(&class_body(&always).replace("    pass\n", ""));
        let _ = writeln!(s, "\n\nclass Env(_EnvRequired, total=False):");
        s.push_str(&docstring(&doc, "    "));
        s.push('\n');
        s.push_str(&class_body(&maybe).replace("    pass\n", ""));
    } else {
        for l in &doc {
            let _ = writeln!(s, "# {l}");
        }
        s.push_str(&functional("_EnvRequired", &always, true));
        s.push_str(&functional("_EnvOptional", &maybe, false));
        let _ = writeln!(s, "\n\nclass Env(_EnvRequired, _EnvOptional):");
        s.push_str(&docstring(&doc, "    "));
    }
    s
}

#[cfg(test)]
mod tests {
    fn render(schema: &serde_json::Value) -> String {
        super::render(&crate::Contract::from_value(schema).unwrap())
    }

    #[test]
    fn required_and_defaulted_keys_are_required_the_rest_optional() {
        let py = render(&serde_json::json!({
            "type": "object",
            "required": ["DATABASE_URL"],
            "properties": {
                "DATABASE_URL": {"type": "string", "description": "Pooled, via \"PgBouncer\" \\ 6432."},
                "PORT": {"type": "integer", "default": 3000},
                "MODE": {"enum": ["a", "b", "a | b"]},
                "RATIO": {"enum": [0.5, 1]},
                "ON": {"const": true},
                "TAGS": {"type": "array", "items": {"type": "integer"}},
                "EXTRA": {"type": "object"}
            }
        }));
        let (req, opt) = py.split_once("class Env(").unwrap();
        assert!(req.contains("    DATABASE_URL: str\n    \"\"\"Pooled, via \"PgBouncer\" \\\\ 6432.\"\"\""), "{py}");
        assert!(req.contains("    PORT: int\n    \"\"\"Default: 3000.\"\"\""), "{py}");
        assert!(opt.contains("    MODE: Literal[\"a\", \"b\", \"a | b\"]\n"), "{py}");
        assert!(opt.contains("    RATIO: str\n"), "floats are no Literal: the declared type, none here: {py}");
        assert!(opt.contains("    ON: Literal[True]\n"), "{py}");
        assert!(opt.contains("    TAGS: list[int]\n"), "{py}");
        assert!(opt.contains("    EXTRA: dict[str, Any]\n"), "{py}");
        assert!(py.contains("from typing import Any, Literal, TypedDict\n"), "{py}");
    }

    #[test]
    fn names_that_are_not_attributes_use_the_functional_form() {
        let py = render(&serde_json::json!({
            "type": "object",
            "properties": {"None": {"type": "boolean"}, "class": {"type": "string", "x-secret": true}}
        }));
        assert!(py.contains("_EnvOptional = TypedDict(\n    \"_EnvOptional\",\n"), "{py}");
        assert!(py.contains("        # Secret: never log it.\n        \"class\": str,\n"), "{py}");
        assert!(py.contains("        \"None\": bool,\n"), "{py}");
        assert!(py.contains("class Env(_EnvRequired, _EnvOptional):"), "{py}");
    }
}
