//! Core's own JSON Schema 2020-12 validator: every keyword of the draft's applicator,
//! unevaluated, validation, format-assertion and core vocabularies, for the documents a contract
//! is (one document, `$ref`s inside it; the loader has already composed files and rewritten
//! presets to `#/$defs/…`).
//!
//! Why core validates JSON Schema itself (docs/contract.md, "The JSON Schema validator"): a
//! general validator carries what a contract never needs (remote references, six drafts and
//! their meta-schemas, a backtracking regex engine, arbitrary-precision numbers) and, in the
//! WebAssembly build, that was a third of the module. What it must do is what the draft says;
//! `core/tests/schema_differential.rs` compares it with a general validator over every shared
//! case, every example contract and generated schemas and values.
//!
//! - [`compile`]: one pass over the document, `$ref`s resolved by JSON pointer, `$anchor` and
//!   `$dynamicAnchor` (an embedded `$id` starts a resource of its own). A keyword whose value
//!   the draft does not allow is a [`CompileError`] at its JSON pointer.
//! - [`Schema::is_valid`]: the fast path, no error values, stops at the first failure.
//! - [`Schema::errors`]: every failure, each with the instance's JSON pointer, the evaluation
//!   path of the keyword (through `$ref`s, as the draft's "keywordLocation") and what failed.
//!
//! `format` asserts (`formats.rs`); `pattern` is ECMA-262, translated for the linear-time
//! `regex` engine (`pattern.rs`). Numbers compare exactly across integers and floats;
//! `multipleOf` is exact on the decimal numbers a contract writes.

mod compile;
#[cfg(test)]
pub(crate) mod differential;
pub(crate) mod formats;
mod members;
mod number;
pub(crate) mod pattern;
mod validate;

pub(crate) use compile::{CompileErrorKind, compile};
pub(crate) use members::MembersPlan;
use serde_json::{Map, Number, Value};

/// A member of a JSON object by name, for the lookups a contract's load makes on its schema
/// objects (a dozen walks and readings, each asking for `$ref`, `format`, `required`, …): a
/// scan of the few members a schema object has, comparing lengths first, instead of hashing
/// the name with `SipHash`, the hasher of `serde_json`'s order-keeping map (a hash cost more than
/// the scan of sixteen members, the most any object of the meta-schema has). Past sixteen, the
/// map's own lookup.
#[inline]
pub(crate) fn member<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    if map.len() > 16 {
        return map.get(key);
    }
    map.iter().find_map(|(k, v)| (k.as_str() == key).then_some(v))
}

/// [`member`] of a value that may not be an object (`None` then, as `Value::get` answers).
#[inline]
pub(crate) fn field<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    match value {
        Value::Object(map) => member(map, key),
        _ => None,
    }
}
use std::fmt;

/// A compiled schema. `Send + Sync`; cheap to validate with, any number of times.
#[derive(Debug)]
pub(crate) struct Schema {
    nodes: Vec<compile::Node>,
    /// Whether `$dynamicRef` is used (validation then keeps the dynamic scope).
    dynamic: bool,
    /// Each resource's `$dynamicAnchor`s, by name.
    dynamic_anchors: Vec<Vec<(String, compile::NodeId)>>,
}

/// One failed keyword.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Error {
    /// The JSON pointer of the failing value in the instance.
    pub instance_path: String,
    /// The keyword's evaluation path from the root schema (through `$ref`s), e.g.
    /// `/properties/PORT/maximum` or `/allOf/0/required`.
    pub schema_path: String,
    pub kind: ErrorKind,
}

/// What failed. Every field comes from the schema, never from the instance, except the names
/// of unexpected properties (instance keys: in a contract check, variable names).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ErrorKind {
    /// `required` (or `dependentRequired`): the missing property.
    Required(String),
    /// `type`: the allowed types.
    Type(Vec<&'static str>),
    MinLength(u64),
    MaxLength(u64),
    MinItems(u64),
    MaxItems(u64),
    MinProperties(u64),
    MaxProperties(u64),
    /// `pattern`: the pattern as written.
    Pattern(String),
    /// `format`: the format's name.
    Format(String),
    /// `enum`: the allowed values.
    Enum(Vec<Value>),
    Const(Value),
    Minimum(Number),
    Maximum(Number),
    ExclusiveMinimum(Number),
    ExclusiveMaximum(Number),
    MultipleOf(Number),
    UniqueItems,
    /// `additionalProperties: false`-like failures: the properties that were not allowed.
    AdditionalProperties(Vec<String>),
    UnevaluatedProperties(Vec<String>),
    /// The `false` schema.
    False,
    /// A keyword whose failure is the whole subschema's (`anyOf`, `oneOf`, `not`, `contains`,
    /// `propertyNames`, `unevaluatedItems`, and `$ref` recursion past the limit).
    Keyword(&'static str),
}

impl ErrorKind {
    /// The keyword that failed.
    pub(crate) fn keyword(&self) -> &'static str {
        match self {
            ErrorKind::Required(_) => "required",
            ErrorKind::Type(_) => "type",
            ErrorKind::MinLength(_) => "minLength",
            ErrorKind::MaxLength(_) => "maxLength",
            ErrorKind::MinItems(_) => "minItems",
            ErrorKind::MaxItems(_) => "maxItems",
            ErrorKind::MinProperties(_) => "minProperties",
            ErrorKind::MaxProperties(_) => "maxProperties",
            ErrorKind::Pattern(_) => "pattern",
            ErrorKind::Format(_) => "format",
            ErrorKind::Enum(_) => "enum",
            ErrorKind::Const(_) => "const",
            ErrorKind::Minimum(_) => "minimum",
            ErrorKind::Maximum(_) => "maximum",
            ErrorKind::ExclusiveMinimum(_) => "exclusiveMinimum",
            ErrorKind::ExclusiveMaximum(_) => "exclusiveMaximum",
            ErrorKind::MultipleOf(_) => "multipleOf",
            ErrorKind::UniqueItems => "uniqueItems",
            ErrorKind::AdditionalProperties(_) => "additionalProperties",
            ErrorKind::UnevaluatedProperties(_) => "unevaluatedProperties",
            ErrorKind::False => "false",
            ErrorKind::Keyword(k) => k,
        }
    }
}

/// The failure in words, from the schema only (what the contract's shape errors say).
impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Required(p) => write!(f, "\"{p}\" is required"),
            ErrorKind::Type(ts) => write!(f, "expected {}", ts.join(" or ")),
            ErrorKind::MinLength(n) => write!(f, "must be at least {n} characters long"),
            ErrorKind::MaxLength(n) => write!(f, "must be at most {n} characters long"),
            ErrorKind::MinItems(n) => write!(f, "must have at least {n} items"),
            ErrorKind::MaxItems(n) => write!(f, "must have at most {n} items"),
            ErrorKind::MinProperties(n) => write!(f, "must have at least {n} properties"),
            ErrorKind::MaxProperties(n) => write!(f, "must have at most {n} properties"),
            ErrorKind::Pattern(p) => write!(f, "does not match the pattern {p}"),
            ErrorKind::Format(name) => write!(f, "is not a valid {name}"),
            ErrorKind::Enum(options) => {
                let words: Vec<String> = options.iter().map(Value::to_string).collect();
                write!(f, "must be one of {}", words.join(", "))
            }
            ErrorKind::Const(v) => write!(f, "must be {v}"),
            ErrorKind::Minimum(n) => write!(f, "must be at least {n}"),
            ErrorKind::Maximum(n) => write!(f, "must be at most {n}"),
            ErrorKind::ExclusiveMinimum(n) => write!(f, "must be greater than {n}"),
            ErrorKind::ExclusiveMaximum(n) => write!(f, "must be less than {n}"),
            ErrorKind::MultipleOf(n) => write!(f, "must be a multiple of {n}"),
            ErrorKind::UniqueItems => write!(f, "must not hold the same item twice"),
            ErrorKind::AdditionalProperties(names) | ErrorKind::UnevaluatedProperties(names) => {
                write!(f, "does not allow {}", names.join(", "))
            }
            ErrorKind::False => write!(f, "is not allowed here (the schema is `false`)"),
            ErrorKind::Keyword(k) => write!(f, "does not satisfy the JSON Schema keyword `{k}`"),
        }
    }
}

impl Schema {
    /// Whether `value` is valid (no error values built; stops at the first failure).
    pub(crate) fn is_valid(&self, value: &Value) -> bool {
        validate::Run::new(self, false).node(0, value, &validate::ROOT, &validate::ROOT, None, 0)
    }

    /// Every failure, in schema order.
    pub(crate) fn errors(&self, value: &Value) -> Vec<Error> {
        let mut run = validate::Run::new(self, true);
        run.node(0, value, &validate::ROOT, &validate::ROOT, None, 0);
        run.errors
    }
}

#[cfg(test)]
mod member_tests {
    use super::*;

    /// The scan answers what the map's own lookup answers, below and past sixteen members.
    #[test]
    fn a_member_is_found_as_the_map_finds_it() {
        for n in [0, 1, 8, 16, 17, 30] {
            let mut map = Map::new();
            for i in 0..n {
                map.insert(format!("k{i}"), Value::from(i));
            }
            for key in ["k0", "k7", "k15", "k16", "k29", "k", "k00", ""] {
                assert_eq!(member(&map, key), map.get(key), "{n} members, {key:?}");
            }
            let value = Value::Object(map);
            assert_eq!(field(&value, "k0"), value.get("k0"));
        }
        assert_eq!(field(&Value::from("k0"), "k0"), None);
    }
}
