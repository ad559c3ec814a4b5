//! The contract's shape: how deep it nests, and the meta-schema (`schema/env-contract.schema.json`,
//! generated from `meta.rs`) it must satisfy.

use super::MAX_DEPTH;
use super::walk::{Next, Place, Reach, walk};
use crate::error::{ContractError, ContractErrorKind as Kind};
use crate::schema::{ErrorKind, Schema, member};
use serde_json::{Map, Value};
use std::sync::OnceLock;

/// The meta-schema as data: the compact copy `make gen` writes from `meta.rs` (a test fails
/// when it is stale), parsed once per process. Reading it instead of generating it keeps the
/// schema generator out of the shipped builds (about 15 kB of the gzipped WebAssembly module)
/// and off the first check.
fn meta_document() -> &'static Value {
    static META: OnceLock<Value> = OnceLock::new();
    META.get_or_init(|| serde_json::from_str(include_str!("../meta-schema.json")).expect("the meta-schema is JSON"))
}

/// The compiled meta-schema validator: a few ms to build, so it is built only when the fast
/// reading below cannot vouch for a contract (a contract with an error, or a construct the
/// fast reading does not know), and then it says what is wrong.
fn meta_validator() -> &'static Schema {
    static META: OnceLock<Schema> = OnceLock::new();
    META.get_or_init(|| crate::schema::compile(meta_document(), false).expect("the generated meta-schema compiles"))
}

/// Checks the contract against the meta-schema; reports the most specific error. A contract
/// the fast reading ([`Fast`]) finds valid needs nothing more; anything else goes to the
/// compiled validator, so the errors (and their wording) are the validator's either way.
pub(super) fn check_shape(value: &Value) -> Result<(), ContractError> {
    let meta = meta_document();
    if (Fast { root: meta }).valid(meta, value) {
        return Ok(());
    }
    let errors = meta_validator().errors(value);
    // The deepest failure (the first of those): the most specific place to point at.
    let best = errors.iter().rev().max_by_key(|e| e.instance_path.matches('/').count());
    match best {
        None => Ok(()),
        Some(e) => Err(ContractError::at(Kind::Shape, e.instance_path.as_str(), shape_message(e))),
    }
}

/// A direct reading of the meta-schema against a contract, without compiling it, for the
/// keywords the meta-schema uses (`schema/env-contract.schema.json`). It answers only "valid":
/// `false` means "invalid, or not sure" (an unknown keyword, a `$ref` outside `#/$defs`, a
/// number that is not plainly an integer), and the caller then asks the compiled validator.
/// So it may only ever be stricter than the validator, never looser: every keyword below
/// accepts a subset of what JSON Schema 2020-12 accepts.
struct Fast<'m> {
    root: &'m Value,
}

/// The annotations of the meta-schema: they assert nothing (`format` is an annotation in
/// 2020-12 unless asked for, and the meta-schema's validator does not ask).
const ANNOTATIONS: &[&str] = &["description", "title", "$id", "$schema", "$defs", "default", "examples", "format"];

impl Fast<'_> {
    fn valid(&self, schema: &Value, value: &Value) -> bool {
        match schema {
            Value::Bool(b) => *b,
            Value::Object(s) => s.iter().all(|(k, v)| self.keyword(s, k, v, value)),
            _ => false,
        }
    }

    fn keyword(&self, s: &Map<String, Value>, key: &str, arg: &Value, value: &Value) -> bool {
        match key {
            "type" => match arg {
                Value::String(t) => is_type(t, value),
                Value::Array(ts) => ts.iter().any(|t| t.as_str().is_some_and(|t| is_type(t, value))),
                _ => false,
            },
            "enum" => arg.as_array().is_some_and(|xs| xs.iter().any(|x| same(x, value))),
            "$ref" => {
                let Some(name) = arg.as_str().and_then(|r| r.strip_prefix("#/$defs/")) else { return false };
                self.root.get("$defs").and_then(|d| d.get(name)).is_some_and(|def| self.valid(def, value))
            }
            "anyOf" => arg.as_array().is_some_and(|xs| xs.iter().any(|x| self.valid(x, value))),
            "items" => match value {
                Value::Array(xs) => xs.iter().all(|x| self.valid(arg, x)),
                _ => true,
            },
            "properties" => match (arg, value) {
                // The members both name, found from the smaller side: a variable's schema names
                // a few of the dozens of keywords the meta-schema lists for it.
                (Value::Object(props), Value::Object(obj)) if obj.len() < props.len() => {
                    obj.iter().all(|(k, v)| member(props, k).is_none_or(|sub| self.valid(sub, v)))
                }
                (Value::Object(props), Value::Object(obj)) => {
                    props.iter().all(|(k, sub)| member(obj, k).is_none_or(|v| self.valid(sub, v)))
                }
                (Value::Object(_), _) => true,
                _ => false,
            },
            "additionalProperties" => match value {
                Value::Object(obj) => {
                    let declared = member(s, "properties").and_then(Value::as_object);
                    // patternProperties would change which keys are additional: not read here.
                    member(s, "patternProperties").is_none()
                        && obj
                            .iter()
                            .filter(|(k, _)| declared.is_none_or(|d| member(d, k).is_none()))
                            .all(|(_, v)| self.valid(arg, v))
                }
                _ => true,
            },
            "propertyNames" => match value {
                // The meta-schema's one `propertyNames` is the variable-name pattern: read
                // without making each name a JSON string first.
                Value::Object(obj) if is_name_pattern(arg) => obj.keys().all(|k| is_name(k)),
                Value::Object(obj) => obj.keys().all(|k| self.valid(arg, &Value::String(k.clone()))),
                _ => true,
            },
            // The one pattern of the meta-schema (variable names), read by hand; any other
            // pattern is left to the validator.
            "pattern" => match value {
                Value::String(v) => arg.as_str() == Some(NAME_PATTERN) && is_name(v),
                _ => true,
            },
            "minLength" => match value {
                Value::String(v) => arg.as_u64().is_some_and(|n| v.chars().count() as u64 >= n),
                _ => true,
            },
            "minimum" | "maximum" => match value {
                Value::Number(n) => match (n.as_i64(), arg.as_i64()) {
                    (Some(n), Some(bound)) => {
                        if key == "minimum" {
                            n >= bound
                        } else {
                            n <= bound
                        }
                    }
                    _ => false,
                },
                _ => true,
            },
            // Checked last: a contract's keywords are nearly all the ones above.
            k => ANNOTATIONS.contains(&k),
        }
    }
}

/// Whether a schema is `{"pattern": NAME_PATTERN}` and nothing else.
fn is_name_pattern(schema: &Value) -> bool {
    schema
        .as_object()
        .is_some_and(|s| s.len() == 1 && member(s, "pattern").and_then(Value::as_str) == Some(NAME_PATTERN))
}

const NAME_PATTERN: &str = "^[A-Za-z_][A-Za-z0-9_]*$";

fn is_name(v: &str) -> bool {
    let mut bytes = v.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// JSON Schema's types; an integer only when it is one as JSON text (a float like `1.0`, which
/// 2020-12 counts as an integer, is left to the validator).
fn is_type(t: &str, value: &Value) -> bool {
    match t {
        "string" => value.is_string(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        _ => false,
    }
}

/// `enum` equality for the meta-schema's enums (strings): anything else is left to the validator.
fn same(x: &Value, value: &Value) -> bool {
    matches!((x, value), (Value::String(a), Value::String(b)) if a == b)
}

fn shape_message(e: &crate::schema::Error) -> String {
    let what = crate::error::last_segment(&e.instance_path);
    if let ErrorKind::AdditionalProperties(unexpected) | ErrorKind::UnevaluatedProperties(unexpected) = &e.kind {
        return format!("unknown keyword(s) {}", unexpected.join(", "));
    }
    let text = e.kind.to_string();
    if what.is_empty() { text } else { format!("`{what}`: {text}") }
}

/// Refuses absurdly deep documents before anything recurses over them.
pub(super) fn check_depth(value: &Value) -> Result<(), ContractError> {
    walk(value, "", Reach::Everything, &mut |_, at: &Place, depth| {
        if depth > MAX_DEPTH {
            return Err(ContractError::at(
                Kind::Schema,
                at.to_string(),
                format!("the contract nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(Next::Descend)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast reading never vouches for a contract the compiled meta-schema refuses, and it
    /// does vouch for the examples (else the happy path would compile the validator after all).
    #[test]
    fn the_fast_reading_vouches_only_for_what_the_validator_accepts() {
        let docs = crate::schema::differential::corpus();
        let meta = meta_document();
        let (mut vouched, mut refused) = (0, 0);
        for (name, doc) in &docs {
            let fast = (Fast { root: meta }).valid(meta, doc);
            let strict = meta_validator().is_valid(doc);
            assert!(!fast || strict, "{name}: the fast reading accepts what the meta-schema refuses");
            if name.ends_with(".contract.json") {
                assert!(fast, "{name}: a valid example the fast reading cannot vouch for");
            }
            vouched += usize::from(fast);
            refused += usize::from(!strict);
        }
        assert!(vouched > 20 && refused >= 3, "{vouched} vouched, {refused} refused: the corpus was not found");
        let broken = serde_json::json!({"type": "object", "properties": {"A": {"x-url": {"port": 0}}, "b-c": {}}});
        assert!(!(Fast { root: meta }).valid(meta, &broken));
    }
}
