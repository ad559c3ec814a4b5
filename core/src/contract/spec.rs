//! The variable model: one [`VarSpec`] per declared variable or family, from its resolved
//! schema (types, the `x-` keywords, the default).

use super::VarSpec;
use super::head::VarHead;
use crate::error::{ContractError, ContractErrorKind as Kind};
use crate::meta::{EmptyPolicy, JsonType};
use crate::schema::member;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

pub(super) fn make_spec(
    name: &str,
    mut merged: Map<String, Value>,
    at: &str,
    root_empty: EmptyPolicy,
    client: bool,
) -> Result<VarSpec, ContractError> {
    // Removed only when there: a removal hashes the name, and most schemas have none.
    let preset = if member(&merged, "x-preset").is_some() { merged.remove("x-preset") } else { None };
    let preset = match preset {
        Some(Value::String(p)) => Some(p),
        _ => None,
    };
    // Read in place (no copy of the schema): `VarHead` takes the keywords the spec keeps.
    let schema = <VarHead as serde::Deserialize>::deserialize(&merged).map_err(|e| {
        ContractError::at(Kind::Shape, at, format!("the schema of \"{name}\" has the wrong shape: {e}"))
    })?;
    let mut types = schema.ty.as_ref().map(crate::meta::TypeSpec::to_vec).unwrap_or_default();
    if types.is_empty() {
        types = infer_types(&merged);
    }
    let item_types = match member(&merged, "items") {
        Some(Value::Object(items)) => member(items, "type")
            .and_then(|t| serde_json::from_value::<crate::meta::TypeSpec>(t.clone()).ok())
            .map_or_else(|| infer_types(items), |t| t.to_vec()),
        _ => Vec::new(),
    };
    Ok(VarSpec {
        name: name.to_string(),
        type_set: crate::meta::TypeSet::of(&types),
        types,
        item_types,
        separator: schema.separator.unwrap_or_else(|| ",".to_string()),
        secret: schema.secret.unwrap_or(false),
        url: schema.url.map(|rule| Box::new(crate::rules::url::UrlCheck::new(rule))),
        stripe: schema.stripe,
        deprecated_by: schema.deprecated_by,
        empty: schema.empty.unwrap_or(root_empty),
        default: schema.default.map(Box::new),
        description: schema.description,
        schema: merged,
        preset,
        client,
    })
}

/// Without a `type`, an `enum`/`const` whose values are all of one non-string type decides it.
fn infer_types(schema: &Map<String, Value>) -> Vec<JsonType> {
    let values: Vec<&Value> = match (member(schema, "enum"), member(schema, "const")) {
        (Some(Value::Array(items)), _) => items.iter().collect(),
        (_, Some(c)) => vec![c],
        _ => return Vec::new(),
    };
    let kind = |v: &Value| match v {
        Value::Bool(_) => Some(JsonType::Boolean),
        Value::Number(n) if n.is_i64() || n.is_u64() => Some(JsonType::Integer),
        Value::Number(_) => Some(JsonType::Number),
        _ => None,
    };
    let kinds: BTreeSet<Option<JsonType>> = values.iter().map(|v| kind(v)).collect();
    match kinds.into_iter().collect::<Vec<_>>().as_slice() {
        [Some(t)] => vec![*t],
        _ => Vec::new(),
    }
}

pub(super) fn compile_name_pattern(pattern: &str, at: &str) -> Result<regex::Regex, ContractError> {
    regex::Regex::new(pattern).map_err(|e| {
        ContractError::at(Kind::Pattern, at, format!("the pattern \"{pattern}\" does not compile on the linear-time engine (no look-around or back-references): {}", first_line(&e.to_string())))
    })
}

fn first_line(s: &str) -> String {
    s.lines().last().unwrap_or(s).trim().to_string()
}
