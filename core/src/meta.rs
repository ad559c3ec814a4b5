//! The shape of a contract, as Rust types. `schema/env-contract.schema.json` is generated
//! from these with schemars (`make gen`), and every contract is checked against it at load.
//!
//! Standard JSON Schema keywords are admitted everywhere (`#[serde(flatten)] rest`); the
//! common ones are typed so an editor completes them; the `x-` keywords are typed strictly.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// An env-contract contract: a JSON Schema (draft 2020-12) for the object of environment
/// variables, plus `x-` keywords.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
#[schemars(title = "env-contract contract", extend("$id" = "https://env-contract.dev/schema/env-contract.schema.json"))]
pub struct ContractDoc {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub schema: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub description: Option<String>,
    /// Always `"object"`: the environment is one object of variables.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "ObjectType")]
    pub ty: Option<ObjectType>,
    /// The declared variables.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BTreeMap<String, VarSchema>", extend("propertyNames" = {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}))]
    pub properties: Option<BTreeMap<String, VarSchema>>,
    /// Families of variables: each name matching a pattern is coerced and checked like a declared one.
    #[serde(rename = "patternProperties", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BTreeMap<String, VarSchema>")]
    pub pattern_properties: Option<BTreeMap<String, VarSchema>>,
    /// Variables required in every environment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub required: Option<Vec<String>>,
    /// Prefixes of variables that reach the browser. Default `["NEXT_PUBLIC_"]`.
    #[serde(rename = "x-client-prefixes", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub client_prefixes: Option<Vec<String>>,
    /// Variables that name the environment; the first non-empty wins.
    /// Default `["APP_ENV", "VERCEL_ENV", "NODE_ENV"]`.
    #[serde(rename = "x-environment-from", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub environment_from: Option<Vec<String>>,
    /// Per-environment profiles, applied on top of the root schema.
    #[serde(rename = "x-environments", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BTreeMap<String, ProfileDoc>")]
    pub environments: Option<BTreeMap<String, ProfileDoc>>,
    /// What to do with undeclared variables. Default `"warn"` (typos and client-prefixed names only).
    #[serde(rename = "x-unknown", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "UnknownPolicy")]
    pub unknown: Option<UnknownPolicy>,
    /// Whether an empty string counts as missing (default) or as a value.
    #[serde(rename = "x-empty", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "EmptyPolicy")]
    pub empty: Option<EmptyPolicy>,
    /// Other contract files of the project to take in whole (their properties, required names,
    /// profiles, conditions), by paths relative to this file; this contract wins where both
    /// speak, and a later file over an earlier one.
    #[serde(rename = "x-extends", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "ExtendsDoc")]
    pub extends: Option<Value>,
    /// The directory (relative to this file) that composed files must stay inside; default
    /// this file's own directory. Only the top contract's counts.
    #[serde(rename = "x-root", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub root: Option<String>,
    /// Any other JSON Schema keyword (`allOf`, `if`/`then`, `$defs`, …).
    #[serde(flatten)]
    pub rest: BTreeMap<String, Value>,
}

/// `x-extends`: one relative path of a contract file, or several.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum ExtendsDoc {
    One(String),
    Many(Vec<String>),
}

/// The only root type a contract may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ObjectType {
    Object,
}

/// The schema of one variable.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct VarSchema {
    /// The JSON type the string is coerced to: string, integer, number, boolean, array, object.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "TypeSpec")]
    pub ty: Option<TypeSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub description: Option<String>,
    /// Used when the variable is missing (or empty); returned in the typed values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<Value>,
    /// A built-in preset (`env-contract:port`, …) or a `#/$defs/…` pointer.
    #[serde(rename = "$ref", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub reference: Option<String>,
    /// The value is sensitive: never printed, and must not be copied into a client variable.
    #[serde(rename = "x-secret", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub secret: Option<bool>,
    /// The value must be a URL meeting these conditions.
    #[serde(rename = "x-url", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "UrlRule")]
    pub url: Option<UrlRule>,
    /// The value must be a Stripe key of this kind.
    #[serde(rename = "x-stripe", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "StripeKind")]
    pub stripe: Option<StripeKind>,
    /// How an array's string splits into items (default `,`; items are trimmed).
    #[serde(rename = "x-separator", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String", length(min = 1))]
    pub separator: Option<String>,
    /// Using this (old) name gives a warning naming the new one.
    #[serde(rename = "x-deprecated-by", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub deprecated_by: Option<String>,
    /// Whether an empty string counts as missing (default) or as a value.
    #[serde(rename = "x-empty", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "EmptyPolicy")]
    pub empty: Option<EmptyPolicy>,
    /// Any other JSON Schema keyword (`minLength`, `pattern`, `format`, `enum`, `items`, …).
    #[serde(flatten)]
    pub rest: BTreeMap<String, Value>,
}

/// One JSON type or a list of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum TypeSpec {
    One(JsonType),
    Many(Vec<JsonType>),
}

impl TypeSpec {
    pub fn to_vec(&self) -> Vec<JsonType> {
        match self {
            TypeSpec::One(t) => vec![*t],
            TypeSpec::Many(ts) => ts.clone(),
        }
    }
}

/// A set of JSON types, a bit each: what a check reads of a variable's `type`, kept inside the
/// variable's spec (the declared list, in its order, is a separate allocation that docs read:
/// at 10,000 variables, reading it was a cache miss per variable and an eighth of a check).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TypeSet(u8);

impl TypeSet {
    pub fn of(types: &[JsonType]) -> Self {
        TypeSet(types.iter().fold(0, |bits, t| bits | 1 << *t as u8))
    }

    pub const fn contains(self, t: JsonType) -> bool {
        self.0 & 1 << t as u8 != 0
    }

    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether the set is `string` alone.
    pub const fn is_string(self) -> bool {
        self.0 == 1 << JsonType::String as u8
    }
}

/// A JSON Schema type name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum JsonType {
    String,
    Integer,
    Number,
    Boolean,
    Array,
    Object,
    Null,
}

impl JsonType {
    pub const fn as_str(self) -> &'static str {
        match self {
            JsonType::String => "string",
            JsonType::Integer => "integer",
            JsonType::Number => "number",
            JsonType::Boolean => "boolean",
            JsonType::Array => "array",
            JsonType::Object => "object",
            JsonType::Null => "null",
        }
    }
}

/// Conditions on a URL value (`x-url`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct UrlRule {
    /// Allowed schemes, e.g. `["postgres", "postgresql"]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub schemes: Option<Vec<String>>,
    /// The effective port (explicit, else the scheme's default) must be this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "u16", range(min = 1))]
    pub port: Option<u16>,
    /// The effective port must be one of these.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<u16>")]
    pub ports: Option<Vec<u16>>,
    /// The URL must spell its port out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub require_port: Option<bool>,
    /// The host must be exactly this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub host: Option<String>,
    /// The host must end with this (e.g. `.example.com`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "String")]
    pub host_suffix: Option<String>,
    /// `false` rejects localhost, `127.0.0.0/8`, `::1` and `0.0.0.0`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub allow_localhost: Option<bool>,
    /// `false` rejects `user:password@`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "bool")]
    pub allow_credentials: Option<bool>,
}

impl UrlRule {
    /// `other`'s conditions override this one's, field by field (a profile over the root).
    #[must_use]
    pub fn merged_with(&self, other: &UrlRule) -> UrlRule {
        UrlRule {
            schemes: other.schemes.clone().or_else(|| self.schemes.clone()),
            port: other.port.or(self.port),
            ports: other.ports.clone().or_else(|| self.ports.clone()),
            require_port: other.require_port.or(self.require_port),
            host: other.host.clone().or_else(|| self.host.clone()),
            host_suffix: other.host_suffix.clone().or_else(|| self.host_suffix.clone()),
            allow_localhost: other.allow_localhost.or(self.allow_localhost),
            allow_credentials: other.allow_credentials.or(self.allow_credentials),
        }
    }
}

/// The kind of Stripe key a variable holds (`x-stripe`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StripeKind {
    Publishable,
    Secret,
    Restricted,
    WebhookSecret,
}

/// Which Stripe mode an environment wants (`x-stripe-mode` in a profile).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum StripeMode {
    Live,
    Test,
    Any,
}

/// `x-unknown`: what to do with undeclared variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum UnknownPolicy {
    Ignore,
    #[default]
    Warn,
}

/// `x-empty`: whether an empty string counts as missing or as a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EmptyPolicy {
    #[default]
    Missing,
    Value,
}

/// A per-environment profile: a schema applied on top of the root, plus `x-warn` and
/// `x-stripe-mode`.
#[derive(Debug, Clone, Default, Serialize, Deserialize, JsonSchema)]
pub struct ProfileDoc {
    /// Extra conditions on variables in this environment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "BTreeMap<String, VarSchema>")]
    pub properties: Option<BTreeMap<String, VarSchema>>,
    /// Variables required in this environment (on top of the root's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub required: Option<Vec<String>>,
    /// Variables whose problems are only warnings in this environment.
    #[serde(rename = "x-warn", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Vec<String>")]
    pub warn: Option<Vec<String>>,
    /// The Stripe mode this environment wants (default: `live` in production, `test` elsewhere).
    #[serde(rename = "x-stripe-mode", default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "StripeMode")]
    pub stripe_mode: Option<StripeMode>,
    /// Any other JSON Schema keyword.
    #[serde(flatten)]
    pub rest: BTreeMap<String, Value>,
}

/// The meta-schema, as JSON.
pub fn meta_schema() -> Value {
    schemars::schema_for!(ContractDoc).to_value()
}

/// The meta-schema as core checks contracts with it (`core/src/meta-schema.json`, which
/// `make gen` writes): [`meta_schema`] without the annotations (`title`, `description`,
/// `default`), which assert nothing. Less than half the text, so less for every process to
/// parse and keep on its first load.
pub fn meta_schema_for_checking() -> Value {
    fn strip(schema: &mut Value) {
        match schema {
            Value::Object(map) => {
                for key in ["title", "description", "default"] {
                    map.shift_remove(key);
                }
                for (key, value) in map.iter_mut() {
                    match (key.as_str(), value) {
                        // Maps of names to schemas: the names stay, whatever they are.
                        ("properties" | "patternProperties" | "$defs", Value::Object(members)) => {
                            members.values_mut().for_each(strip);
                        }
                        // Data, not schemas.
                        ("enum" | "const" | "examples", _) => {}
                        (_, value) => strip(value),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut schema = meta_schema();
    strip(&mut schema);
    schema
}

/// The meta-schema as the text committed in `schema/env-contract.schema.json`.
pub fn meta_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&meta_schema()).unwrap_or_default();
    text.push('\n');
    text
}
